import type { ObservationOf } from '../../../simulators/observations/observation.ts';
import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import { hubsMonitoring } from '../evidence/assignments.ts';
import { userOfHub } from '../evidence/hub-users.ts';
import { playedSpans } from '../evidence/session-spans.ts';
import { failed, formatMs, notExercised, passed } from '../evidence/outcomes.ts';

type RtspRequest = ObservationOf<'rtsp.request'>;

/**
 * Which of a hub's RTSP requests count as the camera refusing the stream. `playedBefore` says
 * whether the hub had played this camera before the request (a refusal at start, or later).
 */
export type RefusalTest = (request: RtspRequest, playedBefore: boolean) => boolean;

/**
 * After the camera refused a hub's stream (a run of refusals with no PLAY between them), the hub
 * plays the camera within `playWithinMs` of the last refusal of the run: it kept trying, and the
 * first try after the camera would serve again succeeded. A hub that stopped trying has no PLAY
 * after the run; it fails once `playWithinMs` of the run went by without one. Runs of refusals too
 * close to the end of the run to tell are left out; so are refusals while the hub was not meant to
 * monitor the camera.
 */
export function judgeRefusalRecovery(
  ctx: CheckContext<{ playWithinMs: number }>,
  isRefusal: RefusalTest,
  what: string,
): CheckOutcome {
  const { observations, params, run } = ctx;
  const bound = params.playWithinMs;
  const ok: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  for (const hub of run.hubs) {
    const user = userOfHub(run, hub);
    const plays = new Map<string, number[]>();
    for (const span of playedSpans(observations, user)) {
      const list = plays.get(span.camera) ?? [];
      list.push(span.playMs!);
      plays.set(span.camera, list);
    }
    const series = new Map<string, { firstMs: number; lastMs: number; count: number }>();
    const close = (camera: string): void => {
      const run0 = series.get(camera);
      if (run0 === undefined) return;
      series.delete(camera);
      const next = plays.get(camera)?.find((t) => t > run0.lastMs);
      if (next === undefined && run.endMs - run0.lastMs < bound) return;
      const delay = (next ?? run.endMs) - run0.lastMs;
      worst = Math.max(worst, delay);
      const base = { camera, hub, fromMs: run0.firstMs, toMs: run0.lastMs };
      const refusals = `${run0.count} ${what}${run0.count === 1 ? '' : 's'}`;
      if (next === undefined)
        misses.push({
          ...base,
          text: `never played the camera after ${refusals} (the last ${formatMs(run.endMs - run0.lastMs)} before the run ended)`,
        });
      else if (delay > bound)
        misses.push({
          ...base,
          atMs: next,
          text: `played ${formatMs(delay)} after the last of ${refusals} (bound ${formatMs(bound)})`,
        });
      else ok.push({ ...base, atMs: next, text: `played ${formatMs(delay)} after the last of ${refusals}` });
    };
    for (const o of observations) {
      if (o.kind !== 'rtsp.request' || o.user !== user) continue;
      const played = plays.get(o.camera) ?? [];
      const current = series.get(o.camera);
      // A PLAY between two refusals ends the earlier run.
      if (current !== undefined && played.some((t) => t > current.lastMs && t < o.atMs)) close(o.camera);
      if (
        !isRefusal(
          o,
          played.some((t) => t < o.atMs),
        )
      )
        continue;
      if (!hubsMonitoring(observations, run, o.camera, o.atMs).includes(hub)) continue;
      const open = series.get(o.camera);
      if (open === undefined) series.set(o.camera, { firstMs: o.atMs, lastMs: o.atMs, count: 1 });
      else {
        open.lastMs = o.atMs;
        open.count++;
      }
    }
    for (const camera of [...series.keys()]) close(camera);
  }
  const judged = ok.length + misses.length;
  if (judged === 0)
    return notExercised(`no hub was refused with ${what} and then given ${formatMs(bound)} of run to play the camera`);
  const measurement = {
    name: `worst time from the last ${what} to playing the camera`,
    value: worst,
    unit: 'ms' as const,
    threshold: bound,
    op: '<=' as const,
  };
  if (misses.length > 0)
    return failed(
      `${misses.length} of ${judged} refused streams were not played within ${formatMs(bound)} of the last ${what}`,
      measurement,
      [...misses, ...ok],
    );
  return passed(
    `all ${judged} refused streams were played within ${formatMs(bound)} of the last ${what}`,
    measurement,
    ok,
  );
}
