import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import { cameraOutages } from '../evidence/camera-outages.ts';
import { outageWindows, type OutageMode } from '../evidence/fault-windows.ts';
import { hubsMonitoring } from '../evidence/assignments.ts';
import { alarmDelayMs } from '../evidence/offline-alarms.ts';
import { failed, formatMs, notExercised, passed, withArticle } from '../evidence/outcomes.ts';


/**
 * Each hub monitoring a camera raises its offline alarm within `alarmWithinMs` of an outage of
 * the given modes. Outages shorter than the bound do not need an alarm and are not judged.
 */
export function judgeOfflineAlarm(ctx: CheckContext<{ alarmWithinMs: number }>, modes: readonly OutageMode[], what: string): CheckOutcome {
  const { observations, params, run } = ctx;
  const bound = params.alarmWithinMs;
  const evidence: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  let judged = 0;
  for (const o of cameraOutages(observations, outageWindows(observations, modes), run.endMs)) {
    if (o.toMs - o.fromMs < bound) continue;
    for (const hub of hubsMonitoring(observations, run, o.camera, o.fromMs)) {
      judged++;
      const delay = alarmDelayMs(observations, hub, o.camera, o.fromMs, o.toMs);
      if (delay === undefined || delay > bound) {
        const measured = delay ?? o.toMs - o.fromMs;
        worst = Math.max(worst, measured);
        misses.push({ camera: o.camera, hub, fromMs: o.fromMs, toMs: o.toMs, text: delay === undefined ? `no offline alarm during the ${formatMs(o.toMs - o.fromMs)} ${what}` : `offline alarm ${formatMs(delay)} after the ${what} began (bound ${formatMs(bound)})` });
      } else {
        worst = Math.max(worst, delay);
        evidence.push({ camera: o.camera, hub, atMs: o.fromMs + delay, fromMs: o.fromMs, toMs: o.toMs, text: `offline alarm ${formatMs(delay)} after the ${what} began` });
      }
    }
  }
  if (judged === 0) return notExercised(`no ${what} lasting at least ${formatMs(bound)} on a camera a hub was monitoring`);
  const measurement = { name: `worst offline-alarm delay after ${withArticle(what)}`, value: worst, unit: 'ms' as const, threshold: bound, op: '<=' as const };
  if (misses.length > 0) return failed(`${misses.length} of ${judged} ${what}s had no offline alarm within ${formatMs(bound)}`, measurement, [...misses, ...evidence]);
  return passed(`all ${judged} ${what}s raised an offline alarm within ${formatMs(bound)}`, measurement, evidence);
}
