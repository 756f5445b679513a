/**
 * Load thresholds in k6's shape: `delivered>=0.99`, `latency_p95<2s`, `session_drops==0`. A
 * threshold names one stage metric, a comparison and a value; it is judged on every stage the
 * run exercised. Pure: text in, a Threshold or a ThresholdParseError (with the column) out.
 */

/** The stage metrics a threshold can name, what each measures and its unit. */
export const thresholdMetrics = {
  delivered: {
    unit: 'ratio',
    description: 'frames sent / (sent + dropped for backpressure) after the settle time (0..1; 99% is accepted)',
  },
  held: { unit: 'count', description: "sessions of the hub's user playing at the end of the stage" },
  held_ratio: { unit: 'ratio', description: 'held / cameras of the stage (0..1)' },
  session_drops: { unit: 'count', description: 'hub sessions that ended during the stage other than by TEARDOWN' },
  frames_sent: { unit: 'count', description: 'frames the cameras sent to the hub after the settle time' },
  frames_dropped: { unit: 'count', description: 'frames the cameras dropped for backpressure after the settle time' },
  latency_p95: {
    unit: 'duration',
    description: 'p95 camera-to-egress latency, where the adapter reads the egress (ms; s and m accepted)',
  },
} as const;
export type ThresholdMetric = keyof typeof thresholdMetrics;

export const thresholdOperators = ['<=', '>=', '==', '!=', '<', '>'] as const;
export type ThresholdOperator = (typeof thresholdOperators)[number];

export interface Threshold {
  /** As written, for reports. */
  source: string;
  metric: ThresholdMetric;
  operator: ThresholdOperator;
  /** In the metric's base unit: a ratio 0..1, a count, or milliseconds. */
  value: number;
}

/** A threshold that does not parse; `column` is 1-based in the text given. */
export class ThresholdParseError extends Error {
  constructor(
    readonly reason: string,
    readonly column: number,
  ) {
    super(`column ${column}: ${reason}`);
    this.name = 'ThresholdParseError';
  }
}

const maxThresholdChars = 200;
const durationUnitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000 };

/** Parses `METRIC OP VALUE[UNIT]`; spaces around the parts are allowed. */
export function parseThreshold(text: string): Threshold {
  if (text.length > maxThresholdChars)
    throw new ThresholdParseError(`longer than ${maxThresholdChars} characters`, maxThresholdChars + 1);
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  skipSpace();
  const nameStart = i;
  while (i < text.length && /[a-z0-9_]/.test(text[i]!)) i++;
  const name = text.slice(nameStart, i);
  const metrics = Object.keys(thresholdMetrics).join(', ');
  if (name === '') throw new ThresholdParseError(`expected a metric (${metrics})`, nameStart + 1);
  if (!Object.hasOwn(thresholdMetrics, name))
    throw new ThresholdParseError(`unknown metric '${name}'; expected one of ${metrics}`, nameStart + 1);
  const metric = name as ThresholdMetric;
  skipSpace();
  const operator = thresholdOperators.find((op) => text.startsWith(op, i));
  if (operator === undefined)
    throw new ThresholdParseError(`expected a comparison (${thresholdOperators.join(' ')}) after '${metric}'`, i + 1);
  i += operator.length;
  skipSpace();
  const numberStart = i;
  const numberMatch = /^\d+(\.\d+)?/.exec(text.slice(i));
  if (numberMatch === null) throw new ThresholdParseError('expected a number', numberStart + 1);
  i += numberMatch[0].length;
  const unitStart = i;
  while (i < text.length && /[a-z%]/.test(text[i]!)) i++;
  const unit = text.slice(unitStart, i);
  skipSpace();
  if (i < text.length) throw new ThresholdParseError(`unexpected '${text[i]}'`, i + 1);
  const value = valueIn(metric, Number(numberMatch[0]), unit, numberStart + 1, unitStart + 1);
  return { source: text.trim(), metric, operator, value };
}

function valueIn(metric: ThresholdMetric, n: number, unit: string, numberColumn: number, column: number): number {
  const kind = thresholdMetrics[metric].unit;
  if (kind === 'duration') {
    if (unit === '') return n;
    const ms = durationUnitMs[unit];
    if (ms === undefined) throw new ThresholdParseError(`unknown duration unit '${unit}'; expected ms, s or m`, column);
    return n * ms;
  }
  if (kind === 'ratio') {
    const ratio = unit === '%' ? n / 100 : unit === '' ? n : undefined;
    if (ratio === undefined)
      throw new ThresholdParseError(
        `'${metric}' is a ratio: expected a number from 0 to 1 or a percentage, not the unit '${unit}'`,
        column,
      );
    if (ratio > 1)
      throw new ThresholdParseError(
        `'${metric}' is a ratio: expected at most 1 (or 100%), got ${unit === '%' ? `${n}%` : n}`,
        numberColumn,
      );
    return ratio;
  }
  if (unit !== '')
    throw new ThresholdParseError(
      `'${metric}' is a count: expected a whole number without a unit, got '${unit}'`,
      column,
    );
  if (!Number.isInteger(n))
    throw new ThresholdParseError(`'${metric}' is a count: expected a whole number, got ${n}`, numberColumn);
  return n;
}

/** The threshold written back in its canonical form (base units), which parses to the same value. */
export function formatThreshold(t: Pick<Threshold, 'metric' | 'operator' | 'value'>): string {
  return `${t.metric}${t.operator}${t.value}`;
}

/** Whether a measured value meets the threshold. */
export function meetsThreshold(t: Pick<Threshold, 'operator' | 'value'>, measured: number): boolean {
  switch (t.operator) {
    case '<':
      return measured < t.value;
    case '<=':
      return measured <= t.value;
    case '>':
      return measured > t.value;
    case '>=':
      return measured >= t.value;
    case '==':
      return measured === t.value;
    case '!=':
      return measured !== t.value;
  }
}
