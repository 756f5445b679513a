import { describe, expect, it } from 'vitest';
import { durationSchema, formatDurationMs, parseDurationMs, shareSchema, speedSchema } from './duration.ts';

const durations: [string, number | undefined][] = [
  ['500ms', 500],
  ['30s', 30_000],
  ['2m', 120_000],
  ['1.5h', 5_400_000],
  ['0.25s', 250],
  [' 10s ', 10_000],
  ['30', undefined],
  ['10 sec', undefined],
  ['-5s', undefined],
  ['', undefined],
];

describe('durations', () => {
  it.each(durations)('%j -> %s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it('refuses a bare number, naming the expected form', () => {
    const r = durationSchema.safeParse('30');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/expected a duration such as '500ms', '30s'/);
    expect(durationSchema.safeParse(30).success).toBe(false);
  });

  it('formats back in the largest whole unit', () => {
    expect([90_000, 120_000, 250, 3_600_000, 1_500].map(formatDurationMs)).toEqual([
      '90s',
      '2m',
      '250ms',
      '1h',
      '1500ms',
    ]);
  });
});

describe('speeds and shares', () => {
  it('reads 4, "4x" and "0.5x", and refuses zero and negatives', () => {
    expect([4, '4x', '0.5x'].map((v) => speedSchema.parse(v))).toEqual([4, 4, 0.5]);
    expect(speedSchema.safeParse(0).success).toBe(false);
    expect(speedSchema.safeParse('-2x').success).toBe(false);
    expect(speedSchema.safeParse('fast').success).toBe(false);
  });

  it('reads "25%" and 0.25, and refuses 0% and 150%', () => {
    expect(shareSchema.parse('25%')).toBe(0.25);
    expect(shareSchema.parse(0.25)).toBe(0.25);
    expect(shareSchema.safeParse('0%').success).toBe(false);
    expect(shareSchema.safeParse('150%').success).toBe(false);
    expect(shareSchema.safeParse('25').success).toBe(false);
  });
});
