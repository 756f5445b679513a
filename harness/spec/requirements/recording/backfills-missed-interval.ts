import type { Evidence, Requirement } from '../../requirement.ts';
import { hubsMonitoring } from '../../evidence/assignments.ts';
import { outageWindows } from '../../evidence/fault-windows.ts';
import { longestGapMs } from '../../evidence/frames-taken.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { coverageBy, framesSeenAt } from '../../evidence/recorded-frames.ts';
import { keptStretches, totalMs, type KeptStretch } from '../../evidence/recorder-kept.ts';

/** The longest stretch of any kept stretch the coverage leaves out. */
function worstUncoveredMs(coverage: readonly [number, number][], kept: readonly KeptStretch[]): number {
  return Math.max(0, ...kept.map((k) => longestGapMs(coverage, k.fromMs, k.toMs)));
}

export const backfillsMissedInterval: Requirement<{ backfillWithinMs: number; maxUncoveredMs: number }> = {
  id: 'HUB-REC-02',
  area: 'RECORDING',
  title: 'Backfills what the site kept while its link was down',
  rationale:
    'When a site loses its link to the control room its cameras keep recording (on their own storage or on the site recorder). ' +
    'The evidential record must have no hole there: the hub fetches the missed interval once the link returns, and the frames it holds then cover it to the second.',
  level: 'MUST',
  side: 'hub',
  params: {
    backfillWithinMs: {
      default: 600_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'after the link returns, the hub holds the missed interval within this long',
    },
    maxUncoveredMs: {
      default: 1_000,
      unit: 'ms',
      stricter: 'lower',
      description:
        'the longest stretch the site kept that may be missing from the hub’s recordings (by SEI capture time)',
    },
  },
  needs: {
    observations: ['fault.applied', 'recorder.tracks', 'hub.recording.frames'],
    capabilities: ['recording-frames'],
  },
  traces: [
    { source: 'Force CCTV hub specification (no public test)' },
    { source: 'ONVIF Profile G (recording search, replay)', feature: 'edge storage retrieval' },
  ],
  check({ observations, params, run }) {
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    const notDue: string[] = [];
    let worst = 0;
    for (const w of outageWindows(observations, ['network'])) {
      // A link that never came back has nothing to backfill yet.
      if (w.toMs === undefined) continue;
      const dueMs = w.toMs + params.backfillWithinMs;
      for (const camera of w.cameras) {
        const kept = keptStretches(observations, camera, w.fromMs, w.toMs, w.toMs);
        if (kept.length === 0) continue;
        const keptText = `${formatMs(totalMs(kept))} of the ${formatMs(w.toMs - w.fromMs)} link outage kept by ${[...new Set(kept.flatMap((k) => k.recorders))].join(', ')}`;
        for (const hub of hubsMonitoring(observations, run, camera, w.toMs)) {
          const base = { camera, hub, fromMs: w.fromMs, toMs: w.toMs };
          const finalUncovered = worstUncoveredMs(coverageBy(observations, hub, camera, run.endMs), kept);
          if (dueMs > run.endMs && finalUncovered > params.maxUncoveredMs) {
            notDue.push(`${camera} (${hub})`);
            continue;
          }
          const uncovered = worstUncoveredMs(coverageBy(observations, hub, camera, Math.min(dueMs, run.endMs)), kept);
          worst = Math.max(worst, uncovered);
          if (uncovered > params.maxUncoveredMs) {
            const late = finalUncovered <= params.maxUncoveredMs ? ', filled only later' : '';
            misses.push({
              ...base,
              text: `${keptText}; ${formatMs(uncovered)} of it missing from the hub’s recordings ${formatMs(params.backfillWithinMs)} after the link returned${late}`,
            });
            continue;
          }
          const filledAt = framesSeenAt(observations, hub, camera).find(
            (t) => worstUncoveredMs(coverageBy(observations, hub, camera, t), kept) <= params.maxUncoveredMs,
          );
          const when =
            filledAt === undefined ? '' : ` ${formatMs(Math.max(0, filledAt - w.toMs))} after the link returned`;
          ok.push({
            ...base,
            text: `${keptText}; held by the hub${when}, longest stretch missing ${formatMs(uncovered)}`,
          });
        }
      }
    }
    if (ok.length + misses.length === 0) {
      if (notDue.length > 0)
        return notExercised(
          `the run ended before backfill was due for ${notDue.join(', ')} (${formatMs(params.backfillWithinMs)} after the link returned)`,
        );
      return notExercised('no link outage of a monitored camera whose recorders kept the interval');
    }
    const measurement = {
      name: 'longest stretch kept on site but missing from the hub’s recordings when due',
      value: worst,
      unit: 'ms' as const,
      threshold: params.maxUncoveredMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} missed interval(s) not backfilled within ${formatMs(params.backfillWithinMs)}`,
        measurement,
        misses.concat(ok),
      );
    return passed(
      `${ok.length} missed interval(s) backfilled to within ${formatMs(params.maxUncoveredMs)}`,
      measurement,
      ok,
    );
  },
};
