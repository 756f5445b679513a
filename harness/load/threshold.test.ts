import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatThreshold,
  meetsThreshold,
  parseThreshold,
  thresholdMetrics,
  thresholdOperators,
  ThresholdParseError,
  type ThresholdMetric,
} from './threshold.ts';

const cases: { text: string; metric: ThresholdMetric; operator: string; value: number }[] = [
  { text: 'delivered>=0.99', metric: 'delivered', operator: '>=', value: 0.99 },
  { text: 'delivered >= 99%', metric: 'delivered', operator: '>=', value: 0.99 },
  { text: 'latency_p95<2s', metric: 'latency_p95', operator: '<', value: 2_000 },
  { text: 'latency_p95<=1500ms', metric: 'latency_p95', operator: '<=', value: 1_500 },
  { text: 'latency_p95 < 1500', metric: 'latency_p95', operator: '<', value: 1_500 },
  { text: 'latency_p95<1m', metric: 'latency_p95', operator: '<', value: 60_000 },
  { text: 'session_drops==0', metric: 'session_drops', operator: '==', value: 0 },
  { text: '  held_ratio>0.5  ', metric: 'held_ratio', operator: '>', value: 0.5 },
  { text: 'frames_dropped!=3', metric: 'frames_dropped', operator: '!=', value: 3 },
];

const errors: { text: string; column: number; message: RegExp }[] = [
  { text: '', column: 1, message: /expected a metric/ },
  { text: 'lag<2s', column: 1, message: /unknown metric 'lag'/ },
  { text: 'delivered', column: 10, message: /expected a comparison/ },
  { text: 'delivered=>0.99', column: 10, message: /expected a comparison/ },
  { text: 'delivered>=', column: 12, message: /expected a number/ },
  { text: 'delivered>=1.5', column: 12, message: /at most 1/ },
  { text: 'delivered>=0.9s', column: 15, message: /is a ratio/ },
  { text: 'latency_p95<2h', column: 14, message: /unknown duration unit 'h'/ },
  { text: 'session_drops<1.5', column: 15, message: /whole number/ },
  { text: 'held>3 cameras', column: 8, message: /unexpected 'c'/ },
  { text: 'held>3%', column: 7, message: /is a count/ },
];

describe('parseThreshold', () => {
  it.each(cases)('$text', ({ text, metric, operator, value }) => {
    expect(parseThreshold(text)).toEqual({ source: text.trim(), metric, operator, value });
  });

  it.each(errors)('rejects $text at column $column', ({ text, column, message }) => {
    const err = (() => {
      try {
        parseThreshold(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ThresholdParseError);
    expect((err as ThresholdParseError).column).toBe(column);
    expect((err as ThresholdParseError).reason).toMatch(message);
  });

  it('any string gives a threshold or a ThresholdParseError whose column lies in the text', () => {
    const alphabet = fc.constantFrom(...'<>=!. %0123456789msdelivrah_p', ...Object.keys(thresholdMetrics));
    const text = fc.oneof(
      fc.string(),
      fc.array(alphabet, { maxLength: 8 }).map((parts) => parts.join('')),
      ...cases.map((c) => fc.constant(c.text)),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          const parsed = parseThreshold(t);
          expect(Object.keys(thresholdMetrics)).toContain(parsed.metric);
          expect(Number.isFinite(parsed.value)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(ThresholdParseError);
          const column = (err as ThresholdParseError).column;
          expect(column).toBeGreaterThanOrEqual(1);
          expect(column).toBeLessThanOrEqual(Math.min(t.length, 200) + 1);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('round-trips through its canonical form', () => {
    const threshold = fc.record({
      metric: fc.constantFrom(...(Object.keys(thresholdMetrics) as ThresholdMetric[])),
      operator: fc.constantFrom(...thresholdOperators),
      thousandths: fc.integer({ min: 0, max: 1_000 }),
    });
    fc.assert(
      fc.property(threshold, ({ metric, operator, thousandths }) => {
        const value = thresholdMetrics[metric].unit === 'ratio' ? thousandths / 1_000 : thousandths;
        const parsed = parseThreshold(formatThreshold({ metric, operator, value }));
        expect([parsed.metric, parsed.operator, parsed.value]).toEqual([metric, operator, value]);
      }),
    );
  });
});

describe('meetsThreshold', () => {
  it('compares the measured value with each operator', () => {
    expect(
      ['<', '<=', '>', '>=', '==', '!='].map((operator) =>
        meetsThreshold({ operator: operator as never, value: 2 }, 2),
      ),
    ).toEqual([false, true, false, true, true, false]);
    expect(meetsThreshold(parseThreshold('latency_p95<2s'), 2_001)).toBe(false);
    expect(meetsThreshold(parseThreshold('delivered>=99%'), 0.995)).toBe(true);
  });
});
