import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import { cameraOutages } from '../evidence/camera-outages.ts';
import { outageWindows, type FaultWindow, type OutageMode } from '../evidence/fault-windows.ts';
import { hubsMonitoring } from '../evidence/assignments.ts';
import { backMs, outageAlarm } from '../evidence/alarm-state.ts';
import { failed, formatMs, notExercised, passed, withArticle } from '../evidence/outcomes.ts';

/**
 * Each hub monitoring a camera raises its picture-lost alarm (kind offline or video-loss)
 * within `alarmWithinMs` of an outage of the given modes, and holds it until the camera can
 * serve again. The alarm must be raised after the outage began, or carried over from an earlier
 * disruption of that camera: one that was simply up already (a hub that keeps every alarm
 * raised) is not this outage's. A clear while the camera is still out fails, so a hub that
 * pulses its alarms does not pass on a momentary raise. Outages shorter than the bound are not
 * judged. `alsoWindows` are judged as outages too (a timed quirk that takes the picture away).
 */
export function judgeOfflineAlarm(
  ctx: CheckContext<{ alarmWithinMs: number }>,
  modes: readonly OutageMode[],
  what: string,
  alsoWindows: readonly FaultWindow[] = [],
): CheckOutcome {
  const { observations, params, run } = ctx;
  const bound = params.alarmWithinMs;
  const evidence: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  let judged = 0;
  let clearedEarly = 0;
  for (const o of cameraOutages(observations, [...outageWindows(observations, modes), ...alsoWindows], run.endMs)) {
    const back = backMs(o);
    if (back - o.fromMs <= bound) continue;
    for (const hub of hubsMonitoring(observations, run, o.camera, o.fromMs)) {
      judged++;
      const base = { camera: o.camera, hub, fromMs: o.fromMs, toMs: back };
      const { alarm, preexisting } = outageAlarm(observations, run, hub, o);
      if (alarm === undefined) {
        worst = Math.max(worst, back - o.fromMs);
        const why =
          preexisting !== undefined
            ? ` (an alarm was already up since ${formatMs(o.fromMs - preexisting.raisedMs)} before it, with no fault behind it)`
            : '';
        misses.push({ ...base, text: `no offline alarm raised for the ${formatMs(back - o.fromMs)} ${what}${why}` });
        continue;
      }
      const { span, carried } = alarm;
      const delay = carried ? 0 : span.raisedMs - o.fromMs;
      const atMs = carried ? o.fromMs : span.raisedMs;
      if (span.clearedMs !== undefined && span.clearedMs < back) {
        clearedEarly++;
        worst = Math.max(worst, back - o.fromMs);
        misses.push({
          ...base,
          atMs: span.clearedMs,
          text: `offline alarm (${span.names.join(', ')}) cleared ${formatMs(back - span.clearedMs)} before the camera was serving again`,
        });
      } else if (delay > bound) {
        worst = Math.max(worst, delay);
        misses.push({
          ...base,
          atMs,
          text: `offline alarm ${formatMs(delay)} after the ${what} began (bound ${formatMs(bound)})`,
        });
      } else {
        worst = Math.max(worst, delay);
        evidence.push({
          ...base,
          atMs,
          text: carried
            ? `offline alarm carried over from an earlier fault, held until the camera was back`
            : `offline alarm ${formatMs(delay)} after the ${what} began, held until the camera was back`,
        });
      }
    }
  }
  if (judged === 0)
    return notExercised(`no ${what} lasting longer than ${formatMs(bound)} on a camera a hub was monitoring`);
  // An alarm not held through the outage counts as never raised: it is measured as the outage's length.
  const measurement = {
    name: `worst offline-alarm delay after ${withArticle(what)} (an alarm cleared while the camera was out counts as none)`,
    value: worst,
    unit: 'ms' as const,
    threshold: bound,
    op: '<=' as const,
  };
  if (misses.length > 0) {
    const early = clearedEarly > 0 ? `; ${clearedEarly} cleared while the camera was still out` : '';
    return failed(
      `${misses.length} of ${judged} ${what}s had no offline alarm raised within ${formatMs(bound)} and held${early}`,
      measurement,
      [...misses, ...evidence],
    );
  }
  return passed(
    `all ${judged} ${what}s raised an offline alarm within ${formatMs(bound)} and held it until the camera was back`,
    measurement,
    evidence,
  );
}
