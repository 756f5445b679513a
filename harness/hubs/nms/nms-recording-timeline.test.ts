import { describe, expect, it } from 'vitest';
import { fileTimeline } from './nms-recording-timeline.ts';

describe('fileTimeline', () => {
  it('spreads the pictures over the file’s wall span, one sample a second, positions from the first picture', () => {
    const pts = Array.from({ length: 101 }, (_, i) => 5 + i * 0.1);
    const samples = fileTimeline(pts, 1_000_000, 1_010_000);
    expect(samples).toHaveLength(11);
    expect(samples[0]).toEqual({ atMs: 1_000_000, mediaMs: 0 });
    expect(samples.at(-1)).toEqual({ atMs: 1_010_000, mediaMs: 10_000 });
  });

  it('keeps a leap in the file’s timestamps', () => {
    const pts = Array.from({ length: 101 }, (_, i) => i * 0.1 + (i > 50 ? 44_122 : 0));
    const samples = fileTimeline(pts, 0, 10_000);
    expect(samples.at(-1)!.mediaMs - samples.at(-1)!.atMs).toBeGreaterThan(44_000_000);
  });

  it('has nothing to say of a file with one picture or no span', () => {
    expect(fileTimeline([1], 0, 10_000)).toEqual([]);
    expect(fileTimeline([1, 2], 5_000, 5_000)).toEqual([]);
  });
});
