import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { backMs, cameraDisruptions } from '../../evidence/alarm-state.ts';
import { disruptsStream } from '../../evidence/fault-windows.ts';
import { longestGapMs, mergeIntervals, stalledIntervals, takingIntervals } from '../../evidence/frames-taken.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

/**
 * After a disruption the time to pick the camera up again is judged by HUB-RES-03/07/08 (30 s by
 * default); only after that is the camera this requirement's again.
 */
const afterDisruptionMs = 30_000;
/** A fleet in worker threads changes a camera a moment before its fault's 'applied' is recorded. */
const applyLagMs = 2_000;

/** [fromMs, toMs] minus the excluded intervals (merged, sorted). */
function subtract(fromMs: number, toMs: number, excluded: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  let cursor = fromMs;
  for (const [a, b] of excluded) {
    if (b <= cursor) continue;
    if (a >= toMs) break;
    if (a > cursor) out.push([cursor, a]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < toMs) out.push([cursor, toMs]);
  return out;
}

export const keepsCamerasWatched: Requirement<{ maxUnwatchedMs: number }> = {
  id: 'HUB-STR-07',
  area: 'STREAM',
  title: 'Keeps every provisioned camera watched outside injected faults',
  rationale:
    'A hub that pulls a camera once and lets it go, or holds a session open but stops reading it, leaves a blind spot the control room does not know about. Watched means frames taken (camera-side counters), from provisioning to release, except during injected disruptions of that camera and the time allowed to recover from them.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxUnwatchedMs: {
      default: 15_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'longest stretch per camera with no frames taken by the hub, outside disruptions',
    },
  },
  needs: { observations: ['rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const bound = params.maxUnwatchedMs;
    const disruptions = cameraDisruptions(observations, run).filter((d) => disruptsStream(d.window));
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const a of assignments(observations, run)) {
      const excluded = mergeIntervals(
        disruptions
          .filter((d) => d.camera === a.camera)
          .map((d) => [d.fromMs - applyLagMs, backMs(d) + afterDisruptionMs] as const),
      );
      const judged = subtract(a.fromMs, a.toMs ?? run.endMs, excluded).filter(([x, y]) => y - x > bound);
      if (judged.length === 0) continue;
      const filter = { camera: a.camera, user: userOfHub(run, a.hub) };
      const taking = takingIntervals(observations, filter);
      let gap = 0;
      let gapAt: [number, number] = judged[0]!;
      for (const [x, y] of judged) {
        const g = longestGapMs(taking, x, y);
        if (g > gap) [gap, gapAt] = [g, [x, y]];
      }
      worst = Math.max(worst, gap);
      const base = { camera: a.camera, hub: a.hub, fromMs: gapAt[0], toMs: gapAt[1] };
      if (gap > bound) {
        const stalled = stalledIntervals(observations, filter).some(([x, y]) => y > gapAt[0] && x < gapAt[1]);
        misses.push({
          ...base,
          text: `unwatched for ${formatMs(gap)} outside any fault${stalled ? ' (its session was open but the hub had stopped reading it)' : ''}`,
        });
      } else {
        ok.push({ ...base, text: `frames taken throughout; longest gap ${formatMs(gap)}` });
      }
    }
    const judgedCount = ok.length + misses.length;
    if (judgedCount === 0)
      return notExercised(`no camera was assigned to a hub for longer than ${formatMs(bound)} outside faults`);
    const measurement = {
      name: 'longest stretch a camera went unwatched outside faults',
      value: worst,
      unit: 'ms' as const,
      threshold: bound,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${judgedCount} cameras went unwatched for more than ${formatMs(bound)} outside faults`,
        measurement,
        [...misses, ...ok],
      );
    return passed(`all ${judgedCount} cameras stayed watched (longest gap ${formatMs(worst)})`, measurement, ok);
  },
};
