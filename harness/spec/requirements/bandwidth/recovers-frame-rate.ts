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
  title: 'Recovers the full frame rate after a cap',
  rationale: 'Once the link is free again the hub must go back to the full picture rate, not stay degraded until someone notices.',
  level: 'MUST',
  side: 'hub',
  params: {
    recoverWithinMs: { default: 15_000, unit: 'ms', stricter: 'lower', description: 'from the cap lifting to the frame rate being back' },
    minFpsRatio: { default: 0.9, unit: 'ratio', stricter: 'higher', description: 'frame rate after / frame rate before the cap' },
  },
  needs: { observations: ['fault.cleared', 'rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const w of windowsOfKind(observations, bandwidthFaultKinds)) {
      if (w.toMs === undefined || run.endMs - w.toMs < params.recoverWithinMs + sliceMs) continue;
      const cleared = w.toMs;
      for (const camera of w.cameras) {
        for (const hub of hubsMonitoring(observations, run, camera, cleared)) {
          const spans = playedSpans(observations, userOfHub(run, hub)).filter((s) => s.camera === camera);
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
          if (recoveredAt === undefined) misses.push({ ...base, text: `frame rate stayed under ${params.minFpsRatio * 100}% of ${before.toFixed(1)} fps for ${formatMs(params.recoverWithinMs)} after the cap` });
          else ok.push({ ...base, atMs: recoveredAt, text: `back to ${before.toFixed(1)} fps ${formatMs(delay)} after the cap` });
        }
      }
    }
    if (ok.length + misses.length === 0) return notExercised('no bandwidth cap on a streaming camera ended with enough run after it');
    const measurement = { name: 'worst time to full frame rate after a cap', value: worst, unit: 'ms' as const, threshold: params.recoverWithinMs, op: '<=' as const };
    if (misses.length > 0) return failed(`${misses.length} of ${ok.length + misses.length} streams did not recover their frame rate`, measurement, [...misses, ...ok]);
    return passed(`all ${ok.length} streams recovered their frame rate within ${formatMs(params.recoverWithinMs)}`, measurement, ok);
  },
};
