import { describe, expect, it } from 'vitest';
import { LoadStagesError, parseStages, rampTo } from './load-stages.ts';

describe('load stages', () => {
  it('parses CAMERAS:HOLD stages', () => {
    expect(parseStages('10:30s, 50:30s,100:1m')).toEqual([
      { cameras: 10, holdMs: 30_000 },
      { cameras: 50, holdMs: 30_000 },
      { cameras: 100, holdMs: 60_000 },
    ]);
  });

  it.each([
    ['10', /stage 1 '10': expected CAMERAS:HOLD/],
    ['10:30', /stage 1 '10:30'/],
    ['0:30s', /at least 1 camera/],
    ['50:30s,20:30s', /stage 2 has 20 cameras, not more than stage 1's 50; a ramp only rises/],
  ])('refuses %j', (text, message) => {
    expect(() => parseStages(text)).toThrow(LoadStagesError);
    expect(() => parseStages(text)).toThrow(message);
  });

  it('ramps to N in quarters, without repeating a count', () => {
    expect(rampTo(100, 20_000).map((s) => s.cameras)).toEqual([25, 50, 75, 100]);
    expect(rampTo(2, 20_000).map((s) => s.cameras)).toEqual([1, 2]);
  });
});
