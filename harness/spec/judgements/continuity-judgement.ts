import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import type { FaultWindow } from '../evidence/fault-windows.ts';
import { hubsMonitoring } from '../evidence/assignments.ts';
import { userOfHub } from '../evidence/hub-users.ts';
import { playedSpans, type SessionSpan } from '../evidence/session-spans.ts';
import { failed, formatMs, notExercised, passed } from '../evidence/outcomes.ts';

/** The longest stretch of [fromMs, toMs] that none of the spans was playing. */
export function longestUncoveredMs(spans: readonly SessionSpan[], fromMs: number, toMs: number, endMs: number): number {
  const intervals = spans
    .map((s): [number, number] => [s.playMs!, s.closeMs ?? endMs])
    .filter(([a, b]) => b > fromMs && a < toMs)
    .sort((x, y) => x[0] - y[0]);
  let cursor = fromMs;
  let longest = 0;
  for (const [a, b] of intervals) {
    if (a > cursor) longest = Math.max(longest, a - cursor);
    cursor = Math.max(cursor, b);
  }
  return Math.max(longest, toMs - cursor);
}

/**
 * Through each window the hub keeps watching each affected camera: no stretch longer than
 * `maxGapMs` without a playing session (a switch to the sub stream counts as watching).
 */
export function judgeContinuity(ctx: CheckContext<{ maxGapMs: number }>, windows: readonly FaultWindow[], what: string): CheckOutcome {
  const { observations, params, run } = ctx;
  const ok: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  for (const w of windows) {
    const toMs = w.toMs ?? run.endMs;
    for (const camera of w.cameras) {
      for (const hub of hubsMonitoring(observations, run, camera, w.fromMs)) {
        const spans = playedSpans(observations, userOfHub(run, hub)).filter((s) => s.camera === camera);
        if (!spans.some((s) => s.playMs! <= w.fromMs && (s.closeMs === undefined || s.closeMs > w.fromMs))) continue;
        const gap = longestUncoveredMs(spans, w.fromMs, toMs, run.endMs);
        worst = Math.max(worst, gap);
        const e = { camera, hub, fromMs: w.fromMs, toMs, text: `longest stretch without a playing session during the ${what}: ${formatMs(gap)}` };
        (gap > params.maxGapMs ? misses : ok).push(e);
      }
    }
  }
  const judged = ok.length + misses.length;
  if (judged === 0) return notExercised(`no ${what} on a camera a hub was streaming`);
  const measurement = { name: `longest monitoring gap during a ${what}`, value: worst, unit: 'ms' as const, threshold: params.maxGapMs, op: '<=' as const };
  if (misses.length > 0) return failed(`${misses.length} of ${judged} streams lost monitoring for more than ${formatMs(params.maxGapMs)} during a ${what}`, measurement, [...misses, ...ok]);
  return passed(`all ${judged} streams stayed watched through the ${what}`, measurement, ok);
}
