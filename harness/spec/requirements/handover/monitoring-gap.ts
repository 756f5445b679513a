import type { Evidence, Requirement } from '../../requirement.ts';
import { handovers } from '../../evidence/handovers.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { takingIntervals } from '../../evidence/frames-taken.ts';

export const monitoringGap: Requirement<{ maxGapMs: number }> = {
  id: 'HUB-HO-02',
  area: 'HANDOVER',
  title: 'Per-camera monitoring gap during a handover under a bound',
  rationale:
    'Between the old room letting go and the new room pulling, nobody sees the camera; that gap must stay short. Measured on frames taken by either hub, so an open session that reads nothing does not cover it.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxGapMs: {
      default: 20_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the last picture at the releasing hub to the first at the receiving hub',
    },
  },
  needs: { observations: ['hub.provisioned', 'rtsp.session.stats'], capabilities: ['provision'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const h of handovers(observations, run)) {
      const before = takingIntervals(observations, { camera: h.camera, user: userOfHub(run, h.from) }).filter(
        ([a]) => a <= h.atMs,
      );
      if (before.length === 0) continue;
      const lastSeenMs = Math.max(...before.map(([, b]) => b));
      const after = takingIntervals(observations, { camera: h.camera, user: userOfHub(run, h.to) }).find(
        ([, b]) => b > h.atMs,
      );
      const firstMs = after === undefined ? undefined : Math.max(after[0], h.atMs);
      if (firstMs === undefined && run.endMs - Math.min(lastSeenMs, h.atMs) < params.maxGapMs) continue;
      const gap = Math.max(0, (firstMs ?? run.endMs) - lastSeenMs);
      worst = Math.max(worst, gap);
      const e = {
        camera: h.camera,
        hub: h.to,
        fromMs: Math.min(lastSeenMs, firstMs ?? run.endMs),
        toMs: firstMs ?? run.endMs,
        text:
          firstMs !== undefined
            ? `no frames taken for ${formatMs(gap)} between ${h.from} and ${h.to}`
            : `no frames taken from ${h.from}'s last to the end of the run (${formatMs(gap)}): ${h.to} never took any`,
      };
      (gap > params.maxGapMs ? misses : ok).push(e);
    }
    if (ok.length + misses.length === 0)
      return notExercised('no camera that a hub was streaming was handed over to another hub');
    const measurement = {
      name: 'worst per-camera monitoring gap in a handover',
      value: worst,
      unit: 'ms' as const,
      threshold: params.maxGapMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${ok.length + misses.length} cameras went unwatched longer than ${formatMs(params.maxGapMs)}`,
        measurement,
        [...misses, ...ok],
      );
    return passed(`every handed-over camera was unwatched at most ${formatMs(worst)}`, measurement, ok);
  },
};
