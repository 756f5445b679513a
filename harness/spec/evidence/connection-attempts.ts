import type { Observation } from '../../../simulators/observations/observation.ts';
import { memoByObservations } from './memo.ts';

/**
 * Times of RTSP connection attempts per camera. A refused or reset connection is recorded as a
 * 'connection' observation; where a camera records none, each DESCRIBE stands for one attempt.
 */
export const connectionAttempts = memoByObservations((observations): Map<string, number[]> => {
  const connections = new Map<string, number[]>();
  const describes = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, camera: string, atMs: number) => {
    const list = map.get(camera);
    if (list === undefined) map.set(camera, [atMs]);
    else list.push(atMs);
  };
  for (const o of observations) {
    if (o.kind === 'connection' && o.service === 'rtsp') add(connections, o.camera, o.atMs);
    else if (o.kind === 'rtsp.request' && o.method === 'DESCRIBE') add(describes, o.camera, o.atMs);
  }
  const out = new Map(describes);
  for (const [camera, list] of connections) out.set(camera, list);
  return out;
});

/** Attempts on `camera` in [fromMs, toMs). */
export function attemptsBetween(
  observations: readonly Observation[],
  camera: string,
  fromMs: number,
  toMs: number,
): number[] {
  return (connectionAttempts(observations).get(camera) ?? []).filter((t) => t >= fromMs && t < toMs);
}

/** The most attempts inside any `windowMs` slice of `times` (sorted ascending). */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}
