import type { Evidence, Requirement } from '../../requirement.ts';
import { handovers } from '../../evidence/handovers.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { takingIntervals } from '../../evidence/frames-taken.ts';

export const receivingHubPulls: Requirement<{ pullWithinMs: number }> = {
  id: 'HUB-HO-01',
  area: 'HANDOVER',
  title: 'The receiving hub pulls every camera of the site within a bound',
  rationale:
    'When a site moves control room (a council services company to a police station) the new room must have every picture at once.',
  level: 'MUST',
  side: 'hub',
  params: {
    pullWithinMs: {
      default: 15_000,
      unit: 'ms',
      stricter: 'lower',
      description: "from the handover to the receiving hub taking the camera's frames",
    },
  },
  needs: { observations: ['hub.provisioned', 'rtsp.session.stats'], capabilities: ['provision'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const h of handovers(observations, run)) {
      if (run.endMs - h.atMs < params.pullWithinMs) continue;
      const block = takingIntervals(observations, { camera: h.camera, user: userOfHub(run, h.to) }).find(
        ([, b]) => b > h.atMs,
      );
      const firstMs = block === undefined ? undefined : Math.max(block[0], h.atMs);
      const delay = firstMs === undefined ? run.endMs - h.atMs : firstMs - h.atMs;
      worst = Math.max(worst, delay);
      const e = {
        camera: h.camera,
        hub: h.to,
        fromMs: h.atMs,
        ...(firstMs !== undefined ? { atMs: firstMs } : {}),
        text:
          firstMs !== undefined
            ? `${h.to} taking frames ${formatMs(delay)} after taking over from ${h.from}`
            : `${h.to} never took the camera's frames after taking over from ${h.from}`,
      };
      (firstMs === undefined || delay > params.pullWithinMs ? misses : ok).push(e);
    }
    if (ok.length + misses.length === 0) return notExercised('no camera was handed over from one hub to another');
    const measurement = {
      name: 'worst time for the receiving hub to pull a camera',
      value: worst,
      unit: 'ms' as const,
      threshold: params.pullWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${ok.length + misses.length} handed-over cameras not pulled within ${formatMs(params.pullWithinMs)}`,
        measurement,
        [...misses, ...ok],
      );
    return passed(
      `all ${ok.length} handed-over cameras pulled within ${formatMs(params.pullWithinMs)}`,
      measurement,
      ok,
    );
  },
};
