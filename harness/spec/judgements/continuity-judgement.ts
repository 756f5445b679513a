import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import type { FaultWindow } from '../evidence/fault-windows.ts';
import { hubsMonitoring } from '../evidence/assignments.ts';
import { userOfHub } from '../evidence/hub-users.ts';
import { coversAny, heldIntervals, longestGapMs, takingIntervals } from '../evidence/frames-taken.ts';
import { failed, formatMs, notExercised, passed } from '../evidence/outcomes.ts';

/** How long before a fault a hub must have been taking the camera's frames for it to be judged. */
const streamingBeforeMs = 5_000;

/**
 * Through each window the hub keeps watching each affected camera: no stretch longer than
 * `maxGapMs` in which none of its sessions was taking frames or held open with nothing to take
 * (the fault withholding them). A closed session is not watching, and neither is a session whose
 * reader stopped reading (the camera dropping for a full queue). A switch to the sub stream counts.
 */
export function judgeContinuity(
  ctx: CheckContext<{ maxGapMs: number }>,
  windows: readonly FaultWindow[],
  what: string,
): CheckOutcome {
  const { observations, params, run } = ctx;
  const ok: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  for (const w of windows) {
    const toMs = w.toMs ?? run.endMs;
    for (const camera of w.cameras) {
      for (const hub of hubsMonitoring(observations, run, camera, w.fromMs)) {
        const filter = { camera, user: userOfHub(run, hub) };
        if (!coversAny(takingIntervals(observations, filter), w.fromMs - streamingBeforeMs, w.fromMs)) continue;
        const gap = longestGapMs(heldIntervals(observations, filter), w.fromMs, toMs);
        worst = Math.max(worst, gap);
        const e = {
          camera,
          hub,
          fromMs: w.fromMs,
          toMs,
          text: `longest stretch unwatched (no session taking frames or held open) during the ${what}: ${formatMs(gap)}`,
        };
        (gap > params.maxGapMs ? misses : ok).push(e);
      }
    }
  }
  const judged = ok.length + misses.length;
  if (judged === 0) return notExercised(`no ${what} on a camera a hub was taking frames from`);
  const measurement = {
    name: `longest monitoring gap during a ${what}`,
    value: worst,
    unit: 'ms' as const,
    threshold: params.maxGapMs,
    op: '<=' as const,
  };
  if (misses.length > 0)
    return failed(
      `${misses.length} of ${judged} streams lost monitoring for more than ${formatMs(params.maxGapMs)} during a ${what}`,
      measurement,
      [...misses, ...ok],
    );
  return passed(`all ${judged} streams stayed watched through the ${what}`, measurement, ok);
}
