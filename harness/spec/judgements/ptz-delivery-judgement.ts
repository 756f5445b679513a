import type { PtzObservation } from '../../../simulators/observations/observation.ts';
import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import { isStop, onvifPtzOperation } from '../evidence/ptz-matching.ts';
import { failed, formatMs, notExercised, passed } from '../evidence/outcomes.ts';

/**
 * How far a camera's operation may precede the command's `hub.ptz` and still be its arrival.
 * Adapters record `hub.ptz` as they send (before the hub answers); one that can only record
 * after its call returns is late by the hub's answer time, which is when a quick hub has
 * already moved the camera. Consumed operations are never matched twice, and commands are
 * matched in time order, so the allowance cannot pair one command with another's operation.
 */
const recordedAfterSendMs = 1_000;

/**
 * Each operator command sent through the hub (`hub.ptz`) that `select` picks arrives at the
 * same camera as the matching ONVIF operation (and preset) within `reachWithinMs`. A command
 * that arrived at another camera instead is named as such.
 */
export function judgePtzDelivery(
  ctx: CheckContext<{ reachWithinMs: number }>,
  select: (command: string) => boolean,
  what: string,
): CheckOutcome {
  const { observations, params, run } = ctx;
  const bound = params.reachWithinMs;
  const atCameras = observations.filter((o): o is PtzObservation => o.kind === 'ptz.command');
  const used = new Set<PtzObservation>();
  const ok: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  for (const o of observations) {
    if (o.kind !== 'hub.ptz' || !select(o.command) || run.endMs - o.atMs < bound) continue;
    const operation = onvifPtzOperation(o.command);
    const matches = (p: PtzObservation) =>
      !used.has(p) &&
      p.atMs >= o.atMs - recordedAfterSendMs &&
      p.atMs <= o.atMs + bound &&
      (operation === 'Stop' ? isStop(p) : p.command === operation) &&
      (o.preset === undefined || p.preset === o.preset);
    const hit = atCameras.find((p) => p.camera === o.camera && matches(p));
    const base = { camera: o.camera, hub: o.hub, atMs: o.atMs };
    if (hit === undefined) {
      const elsewhere = atCameras.find((p) => p.camera !== o.camera && matches(p));
      worst = Math.max(worst, bound + 1);
      misses.push({
        ...base,
        text: elsewhere
          ? `${o.command} arrived at ${elsewhere.camera} instead`
          : `${o.command}${o.preset ? ` (preset ${o.preset})` : ''} never reached the camera`,
      });
      continue;
    }
    used.add(hit);
    const delay = Math.max(0, hit.atMs - o.atMs);
    worst = Math.max(worst, delay);
    ok.push({
      ...base,
      text: `${o.command} arrived as ${hit.command} on profile ${hit.profile}${hit.preset ? ` preset ${hit.preset}` : ''} after ${formatMs(delay)}`,
    });
  }
  if (ok.length + misses.length === 0) return notExercised(`no ${what} was sent through the hub`);
  const measurement = {
    name: `worst ${what} delivery time`,
    value: worst,
    unit: 'ms' as const,
    threshold: bound,
    op: '<=' as const,
  };
  if (misses.length > 0)
    return failed(
      `${misses.length} of ${ok.length + misses.length} ${what}s did not reach the right camera within ${formatMs(bound)}`,
      measurement,
      [...misses, ...ok],
    );
  return passed(`all ${ok.length} ${what}s reached the right camera within ${formatMs(bound)}`, measurement, ok);
}
