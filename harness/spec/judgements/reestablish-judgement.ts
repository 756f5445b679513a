import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import type { CameraOutage } from '../evidence/camera-outages.ts';
import { hubsMonitoring } from '../evidence/assignments.ts';
import { userOfHub } from '../evidence/hub-users.ts';
import { playedSpans, playingAt } from '../evidence/session-spans.ts';
import { failed, formatMs, notExercised, passed, withArticle } from '../evidence/outcomes.ts';


/**
 * After each disruption the hub that was streaming the camera plays it again within
 * `reconnectWithinMs` of the camera being able to serve. A session that stayed up across the
 * return counts as re-established at the return. Disruptions that end too close to the run's
 * end to tell are left out.
 */
export function judgeReestablish(ctx: CheckContext<{ reconnectWithinMs: number }>, outages: readonly CameraOutage[], what: string): CheckOutcome {
  const { observations, params, run } = ctx;
  const bound = params.reconnectWithinMs;
  const ok: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  for (const o of outages) {
    if (o.returnMs === undefined) continue;
    const back = o.returnMs;
    for (const hub of hubsMonitoring(observations, run, o.camera, o.fromMs)) {
      if (!hubsMonitoring(observations, run, o.camera, back).includes(hub)) continue;
      const spans = playedSpans(observations, userOfHub(run, hub)).filter((s) => s.camera === o.camera);
      if (!spans.some((s) => playingAt(s, o.fromMs - 1) || playingAt(s, o.fromMs))) continue;
      const survived = spans.some((s) => playingAt(s, back) && (s.closeMs === undefined || s.closeMs >= Math.min(run.endMs, back + bound)));
      const replay = spans.find((s) => s.playMs! >= o.fromMs);
      const atMs = survived ? back : replay?.playMs;
      if (atMs === undefined && run.endMs - back < bound) continue;
      const delay = atMs === undefined ? run.endMs - back : Math.max(0, atMs - back);
      worst = Math.max(worst, delay);
      const base = { camera: o.camera, hub, fromMs: o.fromMs, toMs: back };
      if (atMs === undefined) misses.push({ ...base, text: `never played again after the ${what} (camera back ${formatMs(run.endMs - back)} before the run ended)` });
      else if (delay > bound) misses.push({ ...base, atMs, text: `played again ${formatMs(delay)} after the camera was back (bound ${formatMs(bound)})` });
      else ok.push({ ...base, atMs, text: survived ? `session survived the ${what}` : `played again ${formatMs(delay)} after the camera was back` });
    }
  }
  const judged = ok.length + misses.length;
  if (judged === 0) return notExercised(`no ${what} of a camera a hub was streaming, with ${formatMs(bound)} of run left after it`);
  const measurement = { name: `worst time to stream again after ${withArticle(what)}`, value: worst, unit: 'ms' as const, threshold: bound, op: '<=' as const };
  if (misses.length > 0) return failed(`${misses.length} of ${judged} streams were not re-established within ${formatMs(bound)} after ${withArticle(what)}`, measurement, [...misses, ...ok]);
  return passed(`all ${judged} streams were re-established within ${formatMs(bound)} after ${withArticle(what)}`, measurement, ok);
}
