import type { Evidence, Requirement } from '../../requirement.ts';
import { attemptsBetween, peakInWindow } from '../../evidence/connection-attempts.ts';
import { outageWindows } from '../../evidence/fault-windows.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

/**
 * The rate is the peak over sliding windows this long. Fixed, not a parameter: averaging over a
 * longer window would dilute a burst, so "tightening" it would loosen the check.
 */
const rateWindowMs = 10_000;

export const noReconnectStorm: Requirement<{
  minCameras: number;
  stormWindowMs: number;
  maxAttemptsPerCameraPerS: number;
}> = {
  id: 'HUB-RES-06',
  area: 'RESILIENCE',
  title: 'No reconnect storm when a whole site comes back',
  rationale:
    'When a site regains power every camera boots at once; a hub that retries all of them flat out saturates the link and slows the recovery it is waiting for.',
  level: 'MUST',
  side: 'hub',
  params: {
    minCameras: {
      default: 4,
      unit: 'count',
      stricter: 'lower',
      description: 'cameras in one outage for it to count as a mass restore',
    },
    stormWindowMs: {
      default: 20_000,
      unit: 'ms',
      stricter: 'higher',
      description: "how long after the restore the attempt rate is watched (the run's end may cut it short)",
    },
    maxAttemptsPerCameraPerS: {
      default: 0.5,
      unit: 'per-second',
      stricter: 'lower',
      description: 'connection attempts per camera per second, site average, peak over 10 s sliding windows',
    },
  },
  needs: { observations: ['fault.cleared', 'connection'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    // As for HUB-RES-05: a network outage leaves the listeners up to see the attempts; a power
    // restore is judged only where the cameras recorded attempts while they were still booting.
    const restores = outageWindows(observations, ['network', 'power']).filter(
      (w) =>
        w.toMs !== undefined &&
        w.cameras.length >= params.minCameras &&
        run.endMs - w.toMs >= rateWindowMs &&
        (w.mode === 'network' || w.cameras.some((c) => attemptsBetween(observations, c, w.fromMs, w.toMs!).length > 0)),
    );
    if (restores.length === 0)
      return notExercised(
        `no outage of ${params.minCameras} or more cameras, seen by their listeners (network, or power where attempts were recorded), ended with ${formatMs(rateWindowMs)} of run after it`,
      );
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const w of restores) {
      const from = w.toMs!;
      const to = Math.min(run.endMs, from + params.stormWindowMs);
      const times = w.cameras.flatMap((c) => attemptsBetween(observations, c, from, to)).sort((a, b) => a - b);
      const rate = peakInWindow(times, rateWindowMs) / w.cameras.length / (rateWindowMs / 1000);
      worst = Math.max(worst, rate);
      const e = {
        fromMs: from,
        toMs: to,
        text: `${times.length} connection attempts to ${w.cameras.length} cameras in the ${formatMs(to - from)} after restore; peak ${rate.toFixed(2)}/camera/s over ${formatMs(rateWindowMs)}`,
      };
      (rate > params.maxAttemptsPerCameraPerS ? misses : ok).push(e);
    }
    const measurement = {
      name: 'peak attempts per camera per second after a mass restore',
      value: Number(worst.toFixed(3)),
      unit: 'per-second' as const,
      threshold: params.maxAttemptsPerCameraPerS,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(`reconnect storm after ${misses.length} of ${restores.length} mass restores`, measurement, [
        ...misses,
        ...ok,
      ]);
    return passed(`no reconnect storm after ${restores.length} mass restore(s)`, measurement, ok);
  },
};
