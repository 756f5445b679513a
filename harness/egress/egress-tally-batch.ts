import type { EgressCounts } from './egress-tally.ts';

/**
 * One interval's counts of a worker's cameras in three flat arrays, posted (the typed arrays
 * transferred) instead of one object per camera: a few allocations per worker per interval,
 * whatever the number of cameras and frames.
 */
export interface EgressTallyBatch {
  cameras: string[];
  /** frames, foreignFrames, unstampedFrames of each camera, in `cameras` order. */
  counts: Uint32Array;
  /** Each camera's latencies in `cameras` order, `frames` of them per camera. */
  latencyMs: Float64Array;
}

export function packTallies(entries: readonly (readonly [string, EgressCounts])[]): EgressTallyBatch {
  const counts = new Uint32Array(entries.length * 3);
  let latencies = 0;
  for (const [, c] of entries) latencies += c.latencyMs.length;
  const latencyMs = new Float64Array(latencies);
  let at = 0;
  entries.forEach(([, c], i) => {
    counts[i * 3] = c.frames;
    counts[i * 3 + 1] = c.foreignFrames;
    counts[i * 3 + 2] = c.unstampedFrames;
    latencyMs.set(c.latencyMs, at);
    at += c.latencyMs.length;
  });
  return { cameras: entries.map(([id]) => id), counts, latencyMs };
}

export function unpackTallies(
  batch: EgressTallyBatch,
  into = new Map<string, EgressCounts>(),
): Map<string, EgressCounts> {
  let at = 0;
  batch.cameras.forEach((id, i) => {
    const frames = batch.counts[i * 3]!;
    into.set(id, {
      frames,
      latencyMs: Array.from(batch.latencyMs.subarray(at, at + frames)),
      foreignFrames: batch.counts[i * 3 + 1]!,
      unstampedFrames: batch.counts[i * 3 + 2]!,
    });
    at += frames;
  });
  return into;
}

/**
 * The workers' batches of one interval as the main thread records them: in `order` (the order
 * cameras were watched, as the single-thread watcher records them). A camera no batch holds is
 * left out: its worker is gone, and no reading is not the same as reading zero frames.
 */
export function mergeTallies(
  order: Iterable<string>,
  batches: readonly EgressTallyBatch[],
): [camera: string, counts: EgressCounts][] {
  const all = new Map<string, EgressCounts>();
  for (const b of batches) unpackTallies(b, all);
  const merged: [string, EgressCounts][] = [];
  for (const id of order) {
    const counts = all.get(id);
    if (counts !== undefined) merged.push([id, counts]);
  }
  return merged;
}
