import { describe, expect, it } from 'vitest';
import type { EgressCounts } from './egress-tally.ts';
import { mergeTallies, packTallies, unpackTallies } from './egress-tally-batch.ts';

const counts = (frames: number, foreignFrames = 0, unstampedFrames = 0): EgressCounts => ({
  frames,
  latencyMs: Array.from({ length: frames }, (_, i) => 100 + i + 0.25),
  foreignFrames,
  unstampedFrames,
});

describe('egress tally batches', () => {
  it('carry each camera counts and latencies through the flat arrays unchanged', () => {
    const entries = [
      ['c1', counts(3, 1, 2)],
      ['c2', counts(0, 0, 5)],
      ['c3', counts(25)],
    ] as const;
    const batch = packTallies(entries);
    expect(batch.counts.length).toBe(9);
    expect(batch.latencyMs.length).toBe(28);
    expect([...unpackTallies(batch)]).toEqual(entries);
  });

  it('merge the workers batches in watch order, leaving out cameras no worker answered for', () => {
    const w0 = packTallies([
      ['c1', counts(2)],
      ['c3', counts(0, 4)],
    ]);
    const w1 = packTallies([
      ['c4', counts(1)],
      ['c2', counts(0, 0, 1)],
    ]);
    const merged = mergeTallies(['c2', 'c1', 'c5', 'c3', 'c4'], [w0, w1]);
    expect(merged).toEqual([
      ['c2', counts(0, 0, 1)],
      ['c1', counts(2)],
      ['c3', counts(0, 4)],
      ['c4', counts(1)],
    ]);
    expect(mergeTallies([], [w0, w1])).toEqual([]);
    expect(mergeTallies(['c1'], [])).toEqual([]);
  });
});
