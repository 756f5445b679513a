import type { Measurement } from '../../harness/spec/requirement.ts';
import type { RunResult } from '../../harness/run-result.ts';
import { runOutcome, type RunOutcome } from '../../harness/verdicts/run-outcome.ts';

/** Shared wording for every renderer, so HTML, JUnit and Markdown say the same thing. */

const unitSuffix: Record<Measurement['unit'], string> = {
  ms: ' ms',
  ratio: '',
  count: '',
  'per-second': ' /s',
  kbps: ' kbps',
};

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

export function formatValue(value: number, unit: Measurement['unit']): string {
  return `${formatNumber(value)}${unitSuffix[unit]}`;
}

/** e.g. "14200 ms" */
export function formatMeasured(m: Measurement): string {
  return formatValue(m.value, m.unit);
}

/** e.g. "<= 10000 ms" */
export function formatThreshold(m: Measurement): string {
  return `${m.op} ${formatValue(m.threshold, m.unit)}`;
}

/** e.g. "worst reconnect delay: measured 14200 ms, threshold <= 10000 ms" */
export function formatMeasurement(m: Measurement): string {
  return `${m.name}: measured ${formatMeasured(m)}, threshold ${formatThreshold(m)}`;
}

/** Offset of an instant from the run's start, e.g. "+90.0 s". */
export function formatOffset(atMs: number, result: Pick<RunResult, 'startMs'>): string {
  return `+${((atMs - result.startMs) / 1000).toFixed(1)} s`;
}

export function formatEvidence(e: { camera?: string; hub?: string; atMs?: number; fromMs?: number; toMs?: number; text: string }, result: Pick<RunResult, 'startMs'>): string {
  const where = [e.hub !== undefined ? `hub ${e.hub}` : '', e.camera !== undefined ? `camera ${e.camera}` : ''].filter(Boolean).join(', ');
  let when = '';
  if (e.atMs !== undefined) when = `at ${formatOffset(e.atMs, result)}`;
  else if (e.fromMs !== undefined && e.toMs !== undefined) when = `${formatOffset(e.fromMs, result)} to ${formatOffset(e.toMs, result)}`;
  else if (e.fromMs !== undefined) when = `from ${formatOffset(e.fromMs, result)}`;
  const prefix = [where, when].filter(Boolean).join(' ');
  return prefix ? `${prefix}: ${e.text}` : e.text;
}

/** The run's outcome as `camlab run` decides it (harness/verdicts/run-outcome.ts). */
export function overallOutcome(result: Pick<RunResult, 'summary' | 'status' | 'verdicts'>): RunOutcome {
  return runOutcome(result);
}
