import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import type { CameraOutage } from '../evidence/camera-outages.ts';
import { hubsMonitoring } from '../evidence/assignments.ts';
import { userOfHub } from '../evidence/hub-users.ts';
import { coversAny, firstSustainedMs, takingIntervals } from '../evidence/frames-taken.ts';
import { failed, formatMs, notExercised, passed, withArticle } from '../evidence/outcomes.ts';
import { playedSpans, sessionSpans, type SessionSpan } from '../evidence/session-spans.ts';
import type { Observation } from '../../../simulators/observations/observation.ts';

/** How long before a disruption a hub must have been taking the camera's frames for it to be judged. */
const streamingBeforeMs = 5_000;

/**
 * The hub's session on the camera that the camera itself ended for want of keep-alives (its RTSP
 * session timeout) from the disruption on, when the hub opened no session there afterwards: the
 * camera-side reason a stream never came back (a relay that sends nothing while no frames come).
 */
function lapsedSession(
  observations: readonly Observation[],
  camera: string,
  user: string,
  fromMs: number,
): SessionSpan | undefined {
  const lapsed = playedSpans(observations, user).find(
    (s) => s.camera === camera && s.closeReason === 'timeout' && s.closeMs! >= fromMs,
  );
  if (lapsed === undefined) return undefined;
  const reopened = sessionSpans(observations).some(
    (s) => s.camera === camera && s.user === user && s.openMs > lapsed.closeMs!,
  );
  return reopened ? undefined : lapsed;
}

/**
 * After each disruption, the hub that was taking the camera's frames takes them again within
 * `reconnectWithinMs` of the camera being able to serve, and keeps taking them for
 * `deliverForMs`. Judged on frames taken (camera-side counters), never on PLAY: a frozen camera
 * still accepts PLAY, a hub that pulls once and tears down delivers for a moment, and a wedged
 * hub holds a session open without reading it. A session that rode out the disruption counts as
 * soon as it takes frames again; frames that run on to the end of the run count as kept.
 * Disruptions that end too close to the run's end to tell are left out.
 */
export function judgeReestablish(
  ctx: CheckContext<{ reconnectWithinMs: number; deliverForMs: number }>,
  outages: readonly CameraOutage[],
  what: string,
): CheckOutcome {
  const { observations, params, run } = ctx;
  const bound = params.reconnectWithinMs;
  const ok: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  let lapsedCount = 0;
  for (const o of outages) {
    if (o.returnMs === undefined) continue;
    const back = o.returnMs;
    for (const hub of hubsMonitoring(observations, run, o.camera, o.fromMs)) {
      if (!hubsMonitoring(observations, run, o.camera, back).includes(hub)) continue;
      const user = userOfHub(run, hub);
      const taking = takingIntervals(observations, { camera: o.camera, user });
      if (!coversAny(taking, o.fromMs - streamingBeforeMs, o.fromMs)) continue;
      const atMs = firstSustainedMs(taking, back, params.deliverForMs, run.endMs);
      if (atMs === undefined && run.endMs - back < bound) continue;
      const delay = atMs === undefined ? run.endMs - back : atMs - back;
      worst = Math.max(worst, delay);
      const base = { camera: o.camera, hub, fromMs: o.fromMs, toMs: back };
      if (atMs === undefined) {
        const brief = coversAny(taking, back, run.endMs)
          ? `took frames again only briefly (never ${formatMs(params.deliverForMs)} without a break)`
          : 'never took frames again';
        const lapsed = lapsedSession(observations, o.camera, user, o.fromMs);
        if (lapsed !== undefined) lapsedCount++;
        const why =
          lapsed === undefined
            ? ''
            : `; the camera had ended the hub's session ${formatMs(lapsed.closeMs! - o.fromMs)} into the ${what}, having had no RTSP request or RTCP report from it for its ${lapsed.timeoutMs === undefined ? '' : `${formatMs(lapsed.timeoutMs)} `}session timeout, and the hub opened no new session`;
        misses.push({
          ...base,
          text: `${brief} after the ${what} (camera back ${formatMs(run.endMs - back)} before the run ended)${why}`,
        });
      } else if (delay > bound) {
        misses.push({
          ...base,
          atMs,
          text: `frames flowing again ${formatMs(delay)} after the camera was back (bound ${formatMs(bound)})`,
        });
      } else {
        ok.push({
          ...base,
          atMs,
          text: `frames flowing again ${formatMs(delay)} after the camera was back, for ${formatMs(params.deliverForMs)} or more`,
        });
      }
    }
  }
  const judged = ok.length + misses.length;
  if (judged === 0)
    return notExercised(
      `no ${what} of a camera a hub was taking frames from, with ${formatMs(bound)} of run left after it`,
    );
  const measurement = {
    name: `worst time to take frames steadily again after ${withArticle(what)}`,
    value: worst,
    unit: 'ms' as const,
    threshold: bound,
    op: '<=' as const,
  };
  if (misses.length > 0)
    return failed(
      `${misses.length} of ${judged} streams were not re-established within ${formatMs(bound)} after ${withArticle(what)}${
        lapsedCount === 0
          ? ''
          : ` (${lapsedCount} of them: the camera timed out the hub's session, no RTSP request or RTCP report having come within its session timeout, and the hub never opened another)`
      }`,
      measurement,
      [...misses, ...ok],
    );
  return passed(
    `all ${judged} streams were re-established within ${formatMs(bound)} after ${withArticle(what)}`,
    measurement,
    ok,
  );
}
