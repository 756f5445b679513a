import type { Observation } from '../../../simulators/observations/observation.ts';
import { mergeIntervals } from './frames-taken.ts';
import { memoByObservations } from './memo.ts';

/** What one recorder held of one camera, as it said at `atMs`. */
interface Snapshot {
  atMs: number;
  recorder: string;
  spans: readonly { startMs: number; endMs: number }[];
}

/**
 * Every recorder.tracks report, by camera, in time order. A removed SD card's spans are out of
 * any client's reach: they hold nothing a hub could fetch.
 */
const snapshotsByCamera = memoByObservations((observations): Map<string, Snapshot[]> => {
  const out = new Map<string, Snapshot[]>();
  for (const o of observations) {
    if (o.kind !== 'recorder.tracks' || !o.available) continue;
    for (const t of o.tracks) {
      const snapshot = { atMs: o.atMs, recorder: o.recorder, spans: t.spans };
      const list = out.get(t.camera);
      if (list === undefined) out.set(t.camera, [snapshot]);
      else list.push(snapshot);
    }
  }
  return out;
});

/** The recorders (edge storage or site recorders, by device id) the run's observations name. */
export const recordersOfRun = memoByObservations((observations): Set<string> => {
  const out = new Set<string>();
  for (const o of observations) if (o.kind === 'recorder.tracks') out.add(o.recorder);
  return out;
});

/** A stretch some recorder held of a camera, and which recorders held it. */
export interface KeptStretch {
  fromMs: number;
  toMs: number;
  recorders: string[];
}

/**
 * What the recorders held of `camera` within [fromMs, toMs), as seen at or after `heldAtMs`
 * (the link's return): what a hub could still fetch then. Spans held only before that instant
 * (overwritten, lost with a removed card) are nobody's to backfill. Merged over recorders.
 */
export function keptStretches(
  observations: readonly Observation[],
  camera: string,
  fromMs: number,
  toMs: number,
  heldAtMs: number,
): KeptStretch[] {
  const pieces: { fromMs: number; toMs: number; recorder: string }[] = [];
  for (const o of snapshotsByCamera(observations).get(camera) ?? []) {
    if (o.atMs < heldAtMs) continue;
    for (const span of o.spans) {
      const a = Math.max(span.startMs, fromMs);
      const b = Math.min(span.endMs, toMs);
      if (b > a) pieces.push({ fromMs: a, toMs: b, recorder: o.recorder });
    }
  }
  return mergeIntervals(pieces.map((p) => [p.fromMs, p.toMs])).map(([a, b]) => ({
    fromMs: a,
    toMs: b,
    recorders: [...new Set(pieces.filter((p) => p.fromMs < b && p.toMs > a).map((p) => p.recorder))].sort(),
  }));
}

/** Total length of stretches. */
export function totalMs(stretches: readonly { fromMs: number; toMs: number }[]): number {
  return stretches.reduce((sum, s) => sum + (s.toMs - s.fromMs), 0);
}
