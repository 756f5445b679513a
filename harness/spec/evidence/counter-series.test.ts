import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CounterSeries, type CounterSample } from './counter-series.ts';

/** Values of every width a column takes: bytes, shorts, 32-bit counts, 64-bit byte counts, fractions, negatives. */
const value = fc.oneof(
  fc.constantFrom(0, -0),
  fc.integer({ min: 0, max: 0xff }),
  fc.integer({ min: 0, max: 0xffff }),
  fc.integer({ min: 0, max: 0xffff_ffff }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Times: epoch milliseconds a second apart, sometimes fractional, sometimes going back. */
const time = fc.oneof(
  fc.integer({ min: 1_790_000_000_000, max: 1_790_000_100_000 }),
  fc.double({ min: 1_790_000_000_000, max: 1_790_000_100_000, noNaN: true }),
  fc.integer({ min: -1_000, max: 1_000 }),
);
const sample = fc.record({
  atMs: time,
  framesSent: value,
  bytesSent: value,
  framesDropped: value,
  framesDroppedQueueFull: value,
  framesSkipped: value,
});

function series(samples: readonly CounterSample[]): CounterSeries {
  const s = new CounterSeries();
  for (const c of samples) s.push(c);
  return s;
}

describe('CounterSeries', () => {
  it('gives back every sample exactly, whatever widths and times it held, before and after trim', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 40 }), (samples) => {
        const s = series(samples);
        expect([...s]).toEqual(samples);
        s.trim();
        expect(samples.map((_, i) => s.at(i))).toEqual(samples);
      }),
      { seed: 2026_12 },
    );
  });

  it('answers valueAt as a scan of the samples in order does', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 40 }), time, (samples, atMs) => {
        let expected = 0;
        for (const c of samples) {
          if (c.atMs > atMs) break;
          expected = c.bytesSent;
        }
        expect(series(samples).valueAt('bytesSent', atMs)).toBe(expected);
      }),
      { seed: 2026_12 },
    );
  });

  it.each([
    { name: 'counters that stay 0', framesSent: 0, bytesPerSample: 4 + 5 },
    { name: '8 hours of a 4 Mbit/s stream', framesSent: 25, bytesPerSample: 4 + 4 + 8 + 3 },
  ])('keeps a second-by-second session in few bytes a sample: $name', ({ framesSent, bytesPerSample }) => {
    const s = new CounterSeries();
    const samples = 28_800;
    for (let i = 1; i <= samples; i++)
      s.push({
        atMs: 1_790_000_000_000 + i * 1000,
        framesSent: i * framesSent,
        bytesSent: i * framesSent * 20_000,
        framesDropped: 0,
        framesDroppedQueueFull: 0,
        framesSkipped: 0,
      });
    s.trim();
    expect(s.byteLength / samples).toBeLessThanOrEqual(bytesPerSample);
  });
});
