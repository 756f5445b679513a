import type { Observation } from '../../../simulators/observations/observation.ts';
import type { RunFacts } from '../requirement.ts';
import { memoByObservations } from './memo.ts';

/** A stretch of time during which a hub was meant to monitor a camera. */
export interface Assignment {
  hub: string;
  camera: string;
  fromMs: number;
  /** When the hub was told to release the camera; undefined if never. */
  toMs?: number;
}

const recordedAssignments = memoByObservations((observations): Assignment[] => {
  const open = new Map<string, Assignment>();
  const all: Assignment[] = [];
  for (const o of observations) {
    if (o.kind === 'hub.provisioned') {
      const key = `${o.hub}\n${o.camera}`;
      if (open.has(key)) continue;
      const a: Assignment = { hub: o.hub, camera: o.camera, fromMs: o.atMs };
      open.set(key, a);
      all.push(a);
    } else if (o.kind === 'hub.released') {
      const key = `${o.hub}\n${o.camera}`;
      const a = open.get(key);
      if (a !== undefined) {
        a.toMs = o.atMs;
        open.delete(key);
      }
    }
  }
  return all;
});

/**
 * Who was meant to monitor which camera. Adapters with 'provision' record it; without any
 * provisioning record (a hub started by hand), every hub is taken to monitor every camera from
 * the start of the run.
 */
export function assignments(observations: readonly Observation[], run: RunFacts): Assignment[] {
  const recorded = recordedAssignments(observations);
  if (recorded.length > 0) return recorded;
  return run.hubs.flatMap((hub) => run.cameras.map((c) => ({ hub, camera: c.id, fromMs: run.startMs })));
}

/** Hubs meant to monitor `camera` at `atMs`. */
export function hubsMonitoring(
  observations: readonly Observation[],
  run: RunFacts,
  camera: string,
  atMs: number,
): string[] {
  return assignments(observations, run)
    .filter((a) => a.camera === camera && a.fromMs <= atMs && (a.toMs === undefined || a.toMs > atMs))
    .map((a) => a.hub);
}
