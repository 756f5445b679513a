import type { Evidence, Requirement } from '../../requirement.ts';
import { cameraOutages } from '../../evidence/camera-outages.ts';
import { attemptsBetween, peakInWindow } from '../../evidence/connection-attempts.ts';
import { outageWindows } from '../../evidence/fault-windows.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

/** Rates are taken over sliding windows this long, so one burst of retries is not a storm. */
const rateWindowMs = 10_000;

export const boundedReconnectRate: Requirement<{ maxAttemptsPerS: number }> = {
  id: 'HUB-RES-05',
  area: 'RESILIENCE',
  title: 'Bounded reconnect attempts per camera during an outage',
  rationale: 'A hub hammering an unreachable camera loads the site link and the camera; retries must back off.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxAttemptsPerS: {
      default: 1,
      unit: 'per-second',
      stricter: 'lower',
      description: 'connection attempts per camera per second, peak over 10 s windows',
    },
  },
  needs: { observations: ['fault.applied', 'connection'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    // A network outage leaves the camera's listener up, so it sees (and refuses or hangs) every
    // attempt. A powered-off camera's address still records each attempt it resets, but a camera
    // from elsewhere may record none: its windows are judged only where attempts were recorded
    // while down, else a silent log would pass a storm.
    const outages = cameraOutages(observations, outageWindows(observations, ['network', 'power']), run.endMs).filter(
      (o) =>
        o.toMs - o.fromMs >= rateWindowMs &&
        (o.window.mode === 'network' || attemptsBetween(observations, o.camera, o.fromMs, o.toMs).length > 0),
    );
    if (outages.length === 0)
      return notExercised(
        `no outage of ${formatMs(rateWindowMs)} or more where the camera could see connection attempts (a network outage, or a power outage during which the camera recorded attempts)`,
      );
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const o of outages) {
      const times = attemptsBetween(observations, o.camera, o.fromMs, o.toMs);
      const rate = peakInWindow(times, rateWindowMs) / (rateWindowMs / 1000);
      worst = Math.max(worst, rate);
      const e = {
        camera: o.camera,
        fromMs: o.fromMs,
        toMs: o.toMs,
        text: `${times.length} connection attempts in ${formatMs(o.toMs - o.fromMs)}; peak ${rate.toFixed(1)}/s`,
      };
      (rate > params.maxAttemptsPerS ? misses : ok).push(e);
    }
    const measurement = {
      name: 'peak reconnect attempts per camera per second',
      value: Number(worst.toFixed(2)),
      unit: 'per-second' as const,
      threshold: params.maxAttemptsPerS,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${outages.length} outages saw more than ${params.maxAttemptsPerS} attempts/s`,
        measurement,
        [...misses, ...ok],
      );
    return passed(
      `reconnect attempts stayed at or under ${params.maxAttemptsPerS}/s in all ${outages.length} outages`,
      measurement,
      ok,
    );
  },
};
