import {
  TargetError,
  faultTargetSchema,
  resolveTarget,
  type FaultTarget,
} from '../../simulators/faults/fault-target.ts';
import { mixSeed } from '../../simulators/faults/seeded-random.ts';

/** The cameras of a fleet as the plan sees them, before anything starts. */
export interface PlannedCamera {
  id: string;
  site: string;
  model: string;
  ptz: boolean;
  /** A site recorder, selectable by its id only. */
  device?: 'camera' | 'recorder';
}

/**
 * Which cameras an action applies to — the control API's fault target, so what a person does by
 * hand and what a scenario does are one vocabulary: a camera, a list, a site, a model, or the
 * fleet, a site/model/fleet narrowed to a seeded share ('25%').
 */
export const selectorSchema = faultTargetSchema;
export type Selector = FaultTarget;

export class SelectorError extends Error {
  constructor(
    message: string,
    /** The selector field at fault ('site', 'cameras[1]'), so the issue points at its line. */
    readonly field: string | undefined = undefined,
  ) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** Human text for a selector, for timeline labels ('slough 25%', 'cam-0003', 'fleet'). */
export function describeSelector(s: Selector): string {
  if (s.camera !== undefined) return s.camera;
  if (s.cameras !== undefined) return s.cameras.length <= 3 ? s.cameras.join(', ') : `${s.cameras.length} cameras`;
  const parts = [s.fleet ? 'fleet' : undefined, s.site, s.model].filter((p) => p !== undefined);
  if (s.share !== undefined) parts.push(`${Math.round(s.share * 1000) / 10}%`);
  return parts.join(' ');
}

/**
 * Resolves a selector to camera ids in fleet order. A share is drawn from the scenario seed
 * mixed with `salt` (the timeline entry and repetition), so a rerun with the same seed hits the
 * same cameras while two actions on the same site do not always hit the same ones.
 */
export function selectCameras(
  selector: Selector,
  cameras: readonly PlannedCamera[],
  seed: number,
  salt: string,
): string[] {
  try {
    return resolveTarget(selector, cameras, mixSeed(seed, salt));
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    const field = err.path.replace(/^target\.?/, '');
    throw new SelectorError(err.message, field === '' ? undefined : field);
  }
}
