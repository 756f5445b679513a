import type { Evidence, Requirement } from '../../requirement.ts';
import { hubsMonitoring } from '../../evidence/assignments.ts';
import { capKbps } from '../../evidence/bandwidth-cap.ts';
import { bandwidthFaultKinds } from '../../evidence/fault-kinds.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans, playingAt } from '../../evidence/session-spans.ts';
import { kbitPerSecond } from '../../evidence/stream-rates.ts';

/** The main stream's rate is measured over this long before the cap. */
const baselineMs = 10_000;

export const movesToSubStream: Requirement<{ switchWithinMs: number }> = {
  id: 'HUB-BW-02',
  area: 'BANDWIDTH',
  title: 'Moves to the sub stream when a cap requires it',
  rationale:
    'When the link cannot carry the main stream, a smaller picture beats a frozen one: the hub should switch to the sub stream.',
  level: 'SHOULD',
  side: 'hub',
  params: {
    switchWithinMs: {
      default: 20_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the cap to the sub stream playing',
    },
  },
  needs: { observations: ['fault.applied', 'rtsp.session.stats', 'rtsp.session.play'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const w of windowsOfKind(observations, bandwidthFaultKinds)) {
      const cap = capKbps(w);
      const toMs = w.toMs ?? run.endMs;
      if (cap === undefined || toMs - w.fromMs < params.switchWithinMs) continue;
      for (const camera of w.cameras) {
        for (const hub of hubsMonitoring(observations, run, camera, w.fromMs)) {
          const spans = playedSpans(observations, userOfHub(run, hub)).filter((s) => s.camera === camera);
          const main = spans.filter((s) => s.profile === 'main' && playingAt(s, w.fromMs - 1));
          if (main.length === 0) continue;
          const mainKbps = kbitPerSecond(main, w.fromMs - baselineMs, w.fromMs);
          if (mainKbps <= cap) continue;
          const sub = spans.find(
            (s) => s.profile === 'sub' && (playingAt(s, w.fromMs) || (s.playMs! >= w.fromMs && s.playMs! <= toMs)),
          );
          const delay = sub === undefined ? toMs - w.fromMs : Math.max(0, sub.playMs! - w.fromMs);
          worst = Math.max(worst, delay);
          const base = { camera, hub, fromMs: w.fromMs, toMs };
          const why = `main stream ${Math.round(mainKbps)} kbit/s over a ${Math.round(cap)} kbit/s cap`;
          if (sub === undefined || delay > params.switchWithinMs)
            misses.push({
              ...base,
              text:
                sub === undefined
                  ? `${why}; never moved to the sub stream`
                  : `${why}; sub stream after ${formatMs(delay)}`,
            });
          else ok.push({ ...base, atMs: sub.playMs!, text: `${why}; sub stream after ${formatMs(delay)}` });
        }
      }
    }
    if (ok.length + misses.length === 0)
      return notExercised('no bandwidth cap fell below the rate of a main stream a hub was playing');
    const measurement = {
      name: 'worst time to move to the sub stream',
      value: worst,
      unit: 'ms' as const,
      threshold: params.switchWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${ok.length + misses.length} capped streams did not move to the sub stream within ${formatMs(params.switchWithinMs)}`,
        measurement,
        [...misses, ...ok],
      );
    return passed(`all ${ok.length} capped streams moved to the sub stream`, measurement, ok);
  },
};
