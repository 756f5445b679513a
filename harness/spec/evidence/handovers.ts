import type { Observation } from '../../../simulators/observations/observation.ts';
import type { RunFacts } from '../requirement.ts';
import { assignments } from './assignments.ts';

/** A camera moving from one hub (control room) to another. */
export interface Handover {
  camera: string;
  from: string;
  to: string;
  /** When the receiving hub was provisioned with the camera. */
  atMs: number;
  /** When the releasing hub was told to let go (its release, else the handover itself). */
  releaseMs: number;
}

/** Handovers: a camera provisioned to a second hub after a first one had it. */
export function handovers(observations: readonly Observation[], run: RunFacts): Handover[] {
  const all = assignments(observations, run);
  const out: Handover[] = [];
  for (const later of all) {
    const earlier = all
      .filter((a) => a.camera === later.camera && a.hub !== later.hub && a.fromMs < later.fromMs)
      .sort((a, b) => b.fromMs - a.fromMs)[0];
    if (earlier === undefined) continue;
    out.push({
      camera: later.camera,
      from: earlier.hub,
      to: later.hub,
      atMs: later.fromMs,
      releaseMs: earlier.toMs ?? later.fromMs,
    });
  }
  return out;
}
