import { describe, expect, it } from 'vitest';
import { SendSpread } from './send-spread.ts';

describe('SendSpread', () => {
  it('gives p50, p99 and max in 0.1 ms buckets, then starts afresh', () => {
    const spread = new SendSpread();
    // 98 frames on time, one 40 ms late, one 160 ms late: a merged write of two, then of eight.
    for (let i = 0; i < 98; i++) spread.record(0.25, 1);
    spread.record(40, 1);
    spread.record(160.04, 1);
    expect(spread.take()).toEqual({ frames: 100, p50Ms: 0.3, p99Ms: 40.1, maxMs: 160 });
    expect(spread.take()).toEqual({ frames: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });

  it('counts a write before its due time as on time and one past 2 s in the last bucket', () => {
    const spread = new SendSpread();
    spread.record(-3, 1);
    spread.record(5000, 3);
    expect(spread.take()).toEqual({ frames: 4, p50Ms: 2000, p99Ms: 2000, maxMs: 5000 });
  });
});
