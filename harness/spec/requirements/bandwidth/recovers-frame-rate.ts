import type { Evidence, Requirement } from '../../requirement.ts';
import { hubsMonitoring } from '../../evidence/assignments.ts';
import { bandwidthFaultKinds } from '../../evidence/fault-kinds.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans, playingAt } from '../../evidence/session-spans.ts';
import { framesPerSecond } from '../../evidence/stream-rates.ts';

/** Rates are measured over slices this long (stats come about once a second). */
const sliceMs = 5_000;

export const recoversFrameRate: Requirement<{ recoverWithinMs: number; minFpsRatio: number }> = {
  id: 'HUB-BW-03',
  area: 'BANDWIDTH',
  title: 'Recovers the configured stream at its full frame rate after a cap',
  rationale:
    'Once the link is free again the hub must go back to the full picture — the profile it was configured with, at the frame rate it had before the cap — not stay degraded (or on the sub stream) until someone notices.',
  level: 'MUST',
  side: 'hub',
  params: {
    recoverWithinMs: {
      default: 15_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the cap lifting to the configured profile being back at its rate',
    },
    minFpsRatio: {
      default: 0.9,
      unit: 'ratio',
      stricter: 'higher',
      description: 'frame rate of the configured profile after / before the cap',
    },
  },
  needs: { observations: ['fault.cleared', 'rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const provisionedProfile = new Map<string, 'main' | 'sub'>();
    for (const o of observations)
      if (o.kind === 'hub.provisioned') provisionedProfile.set(`${o.hub}\n${o.camera}`, o.profile);
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const w of windowsOfKind(observations, bandwidthFaultKinds)) {
      if (w.toMs === undefined || run.endMs - w.toMs < params.recoverWithinMs + sliceMs) continue;
      const cleared = w.toMs;
      for (const camera of w.cameras) {
        for (const hub of hubsMonitoring(observations, run, camera, cleared)) {
          // Only the configured profile counts: main and sub may have the same frame rate, and a hub
          // left on the sub stream has not recovered the picture it was asked for.
          const profile = provisionedProfile.get(`${hub}\n${camera}`) ?? 'main';
          const spans = playedSpans(observations, userOfHub(run, hub)).filter(
            (s) => s.camera === camera && s.profile === profile,
          );
          if (!spans.some((s) => playingAt(s, w.fromMs - sliceMs))) continue;
          const before = framesPerSecond(spans, w.fromMs - sliceMs, w.fromMs);
          if (before <= 0) continue;
          let recoveredAt: number | undefined;
          for (let t = cleared; t <= cleared + params.recoverWithinMs; t += 1000) {
            if (framesPerSecond(spans, t, t + sliceMs) >= params.minFpsRatio * before) {
              recoveredAt = t;
              break;
            }
          }
          const delay = recoveredAt === undefined ? params.recoverWithinMs + sliceMs : recoveredAt - cleared;
          worst = Math.max(worst, delay);
          const base = { camera, hub, fromMs: w.fromMs, toMs: cleared };
          if (recoveredAt === undefined)
            misses.push({
              ...base,
              text: `the ${profile} stream stayed under ${params.minFpsRatio * 100}% of its ${before.toFixed(1)} fps for ${formatMs(params.recoverWithinMs)} after the cap`,
            });
          else
            ok.push({
              ...base,
              atMs: recoveredAt,
              text: `${profile} stream back to ${before.toFixed(1)} fps ${formatMs(delay)} after the cap`,
            });
        }
      }
    }
    if (ok.length + misses.length === 0)
      return notExercised(
        'no bandwidth cap on a camera streaming its configured profile ended with enough run after it',
      );
    const measurement = {
      name: 'worst time to full frame rate after a cap',
      value: worst,
      unit: 'ms' as const,
      threshold: params.recoverWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${ok.length + misses.length} streams did not recover their frame rate`,
        measurement,
        [...misses, ...ok],
      );
    return passed(
      `all ${ok.length} streams recovered their frame rate within ${formatMs(params.recoverWithinMs)}`,
      measurement,
      ok,
    );
  },
};
