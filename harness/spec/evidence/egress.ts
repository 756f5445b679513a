import type { HubEgressObservation, Observation } from '../../../simulators/observations/observation.ts';
import type { Evidence } from '../requirement.ts';
import { memoByObservations } from './memo.ts';

/** Egress intervals per hub and camera (key `hub\ncamera`), in time order. */
export const egressByCamera = memoByObservations((observations): Map<string, HubEgressObservation[]> => {
  const out = new Map<string, HubEgressObservation[]>();
  for (const o of observations) {
    if (o.kind !== 'hub.egress') continue;
    const key = `${o.hub}\n${o.camera}`;
    const list = out.get(key);
    if (list === undefined) out.set(key, [o]);
    else list.push(o);
  }
  return out;
});

export interface UnstampedEgress {
  frames: number;
  cameras: Evidence[];
}

/**
 * Pictures read at the egress without a camlab stamp, per camera. Frames that cannot be traced
 * to their camera leave the egress checks unable to judge (NOT EXERCISED, naming them): a hub that
 * strips or rewrites the SEI must not pass by hiding what it delivers.
 */
export function unstampedEgress(observations: readonly Observation[]): UnstampedEgress {
  let frames = 0;
  const cameras: Evidence[] = [];
  for (const list of egressByCamera(observations).values()) {
    const n = list.reduce((sum, o) => sum + o.unstampedFrames, 0);
    if (n === 0) continue;
    frames += n;
    const first = list.find((o) => o.unstampedFrames > 0)!;
    cameras.push({
      camera: first.camera,
      hub: first.hub,
      atMs: first.atMs,
      text: `${n} pictures at the egress carried no camlab SEI stamp`,
    });
  }
  return { frames, cameras };
}

export function unstampedReason(u: UnstampedEgress): string {
  return `${u.frames} pictures at the hub egress carried no camlab SEI stamp (on ${u.cameras.length} camera(s)): the hub strips or rewrites SEI, so its frames cannot be traced to their cameras`;
}
