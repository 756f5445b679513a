import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { coversAny, firstSustainedMs, takingIntervals } from '../../evidence/frames-taken.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

/** A pull counts once the configured stream's frames have flowed this long without a break. */
const sustainMs = 10_000;

export const pullsAllCameras: Requirement<{ pullWithinMs: number }> = {
  id: 'HUB-STR-01',
  area: 'STREAM',
  title: 'Pulls the configured stream of every camera within a bound of provisioning',
  rationale:
    'A camera provisioned but not pulled is a blind spot the control room does not know about. Judged on frames taken (camera-side counters), so a session held open without reading, or a pull torn down at once, is not a pull.',
  level: 'MUST',
  side: 'hub',
  params: {
    pullWithinMs: {
      default: 10_000,
      unit: 'ms',
      stricter: 'lower',
      description:
        "from provisioning to the configured profile's frames flowing steadily (10 s without a break, or until the run or a fault ends them)",
    },
  },
  needs: { observations: ['rtsp.session.play', 'rtsp.session.stats'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Profile S Client Test Specification',
      feature: 'Streaming Over RTSP (MediaStreaming_RTSPStreaming)',
      testCase: 'MEDIASTREAMING-3',
    },
  ],
  check({ observations, params, run }) {
    const provisionedProfile = new Map<string, 'main' | 'sub'>();
    for (const o of observations)
      if (o.kind === 'hub.provisioned') provisionedProfile.set(`${o.hub}\n${o.camera}`, o.profile);
    const faults = faultWindows(observations);
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const a of assignments(observations, run)) {
      const untilMs = a.fromMs + params.pullWithinMs;
      if (run.endMs < untilMs || inAnyWindow(faults, a.camera, a.fromMs, untilMs, run.endMs)) continue;
      // Frames that run on until the run ends, or until a fault on the camera, count as held.
      const cutMs = Math.min(
        run.endMs,
        ...faults.filter((w) => w.cameras.includes(a.camera) && w.fromMs > untilMs).map((w) => w.fromMs),
      );
      const profile = provisionedProfile.get(`${a.hub}\n${a.camera}`) ?? 'main';
      const user = userOfHub(run, a.hub);
      const taking = takingIntervals(observations, { camera: a.camera, user, profile });
      const atMs = firstSustainedMs(taking, a.fromMs, sustainMs, cutMs);
      const delay = atMs === undefined ? run.endMs - a.fromMs : atMs - a.fromMs;
      worst = Math.max(worst, delay);
      const base = { camera: a.camera, hub: a.hub, fromMs: a.fromMs };
      if (atMs === undefined) {
        const other = profile === 'main' ? 'sub' : 'main';
        const why = coversAny(taking, a.fromMs, run.endMs)
          ? `took ${profile} frames only briefly (never ${formatMs(sustainMs)} without a break)`
          : coversAny(takingIntervals(observations, { camera: a.camera, user, profile: other }), a.fromMs, run.endMs)
            ? `pulled the ${other} stream, not the configured ${profile}`
            : `never took frames of the ${profile} stream`;
        misses.push({ ...base, text: why });
      } else {
        (delay > params.pullWithinMs ? misses : ok).push({
          ...base,
          atMs,
          text: `${profile} frames flowing ${formatMs(delay)} after provisioning`,
        });
      }
    }
    if (ok.length + misses.length === 0)
      return notExercised(`no camera was provisioned with ${formatMs(params.pullWithinMs)} of fault-free run after it`);
    const measurement = {
      name: 'worst time from provisioning to frames flowing steadily',
      value: worst,
      unit: 'ms' as const,
      threshold: params.pullWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${ok.length + misses.length} cameras not pulled within ${formatMs(params.pullWithinMs)}`,
        measurement,
        [...misses, ...ok],
      );
    return passed(`all ${ok.length} cameras pulled within ${formatMs(params.pullWithinMs)}`, measurement, ok);
  },
};
