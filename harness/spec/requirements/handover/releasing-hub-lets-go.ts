import type { Evidence, Requirement } from '../../requirement.ts';
import { handovers } from '../../evidence/handovers.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans, playingAt } from '../../evidence/session-spans.ts';

export const releasingHubLetsGo: Requirement<{ releaseWithinMs: number }> = {
  id: 'HUB-HO-03',
  area: 'HANDOVER',
  title: 'The releasing hub lets go',
  rationale:
    'A control room that keeps pulling a camera it no longer owns wastes the site link and keeps footage it has no right to.',
  level: 'MUST',
  side: 'hub',
  params: {
    releaseWithinMs: {
      default: 10_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the release to the last session and request of the releasing hub',
    },
  },
  needs: { observations: ['hub.provisioned', 'rtsp.session.open', 'rtsp.request'], capabilities: ['provision'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const h of handovers(observations, run)) {
      const deadline = h.releaseMs + params.releaseWithinMs;
      if (run.endMs < deadline) continue;
      const user = userOfHub(run, h.from);
      const lingering = playedSpans(observations, user).filter(
        (s) => s.camera === h.camera && (playingAt(s, deadline) || s.playMs! > deadline),
      );
      const knocking = observations.filter(
        (o) =>
          (o.kind === 'rtsp.request' || o.kind === 'onvif.request') &&
          o.camera === h.camera &&
          o.user === user &&
          o.atMs > deadline,
      );
      const lastMs = Math.max(
        h.releaseMs,
        ...lingering.map((s) => s.closeMs ?? run.endMs),
        ...knocking.map((o) => o.atMs),
      );
      const held = lastMs - h.releaseMs;
      worst = Math.max(worst, held);
      const base = { camera: h.camera, hub: h.from, fromMs: h.releaseMs };
      if (lingering.length > 0)
        misses.push({
          ...base,
          toMs: lastMs,
          text: `${h.from} still had ${lingering.length} session(s) on the camera ${formatMs(params.releaseWithinMs)} after release`,
        });
      else if (knocking.length > 0)
        misses.push({
          ...base,
          atMs: knocking[0]!.atMs,
          text: `${h.from} kept sending requests (${knocking.length}) after release`,
        });
      else ok.push({ ...base, text: `${h.from} let go (${formatMs(held)} after release)` });
    }
    if (ok.length + misses.length === 0)
      return notExercised(`no handover with ${formatMs(params.releaseWithinMs)} of run after the release`);
    const measurement = {
      name: 'longest hold after release',
      value: worst,
      unit: 'ms' as const,
      threshold: params.releaseWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${ok.length + misses.length} released cameras still pulled by the releasing hub`,
        measurement,
        [...misses, ...ok],
      );
    return passed(`the releasing hub let go of all ${ok.length} cameras`, measurement, ok);
  },
};
