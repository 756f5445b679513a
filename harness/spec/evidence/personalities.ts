import type { RunFacts } from '../requirement.ts';

/** ONVIF's client test features ask for evidence over three distinct devices. */
export const onvifRequiredDevices = 3;

export interface PersonalityCoverage {
  /** Distinct camera models in the fleet. */
  inFleet: number;
  /** Distinct camera models among the cameras with evidence. */
  covered: string[];
  /** How many distinct personalities the verdict needs. */
  required: number;
  /** Whether the fleet offers that many at all (if not, the scenario cannot exercise the feature). */
  enoughInFleet: boolean;
}

/** Which device personalities (camera models) the evidence covers. */
export function personalityCoverage(
  run: RunFacts,
  camerasWithEvidence: Iterable<string>,
  required = onvifRequiredDevices,
): PersonalityCoverage {
  const modelOf = new Map(run.cameras.map((c) => [c.id, c.model]));
  const covered = new Set<string>();
  for (const id of camerasWithEvidence) {
    const m = modelOf.get(id);
    if (m !== undefined) covered.add(m);
  }
  const inFleet = new Set(run.cameras.map((c) => c.model)).size;
  return { inFleet, covered: [...covered].sort(), required, enoughInFleet: inFleet >= required };
}
