import type {
  CaptureRun,
  HubRecordingFramesObservation,
  Observation,
} from '../../../simulators/observations/observation.ts';
import { mergeIntervals } from './frames-taken.ts';
import { memoByObservations } from './memo.ts';

/** Every hub.recording.frames observation, by hub and camera, in time order. */
const framesByHubCamera = memoByObservations((observations): Map<string, HubRecordingFramesObservation[]> => {
  const out = new Map<string, HubRecordingFramesObservation[]>();
  for (const o of observations) {
    if (o.kind !== 'hub.recording.frames') continue;
    const key = `${o.hub}\n${o.camera}`;
    const list = out.get(key);
    if (list === undefined) out.set(key, [o]);
    else list.push(o);
  }
  return out;
});

/** What each of the hub's recordings of the camera holds at the end: the latest observation of each. */
export function finalRecordings(
  observations: readonly Observation[],
  hub: string,
  camera: string,
): HubRecordingFramesObservation[] {
  const latest = new Map<string, HubRecordingFramesObservation>();
  for (const o of framesByHubCamera(observations).get(`${hub}\n${camera}`) ?? []) latest.set(o.recording, o);
  return [...latest.values()];
}

/** Every hub and camera with recording frames observed. */
export function hubCamerasWithFrames(observations: readonly Observation[]): { hub: string; camera: string }[] {
  return [...framesByHubCamera(observations).keys()].map((key) => {
    const [hub, camera] = key.split('\n') as [string, string];
    return { hub, camera };
  });
}

const spansOf = (runs: readonly CaptureRun[]): [number, number][] => runs.map((r) => [r.firstMs, r.lastMs]);

/**
 * The capture instants the hub's recordings of `camera` cover (each run from its first frame to
 * its last), merged: frames it had been seen to hold by `byMs` and still held at the end. A hub
 * that drops a recording it once held is not credited with it.
 */
export function coverageBy(
  observations: readonly Observation[],
  hub: string,
  camera: string,
  byMs: number,
): [number, number][] {
  const seen: [number, number][] = [];
  for (const o of framesByHubCamera(observations).get(`${hub}\n${camera}`) ?? [])
    if (o.atMs <= byMs) seen.push(...spansOf(o.runs));
  const held = mergeIntervals(finalRecordings(observations, hub, camera).flatMap((o) => spansOf(o.runs)));
  return intersect(mergeIntervals(seen), held);
}

/** The instants at which the hub was seen to hold more frames of the camera (its observations' times), in order. */
export function framesSeenAt(observations: readonly Observation[], hub: string, camera: string): number[] {
  return [...new Set((framesByHubCamera(observations).get(`${hub}\n${camera}`) ?? []).map((o) => o.atMs))];
}

/** The intersection of two sorted, merged interval lists. */
export function intersect(a: readonly [number, number][], b: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (hi >= lo) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}
