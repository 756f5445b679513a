import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans } from '../../evidence/session-spans.ts';

export const pullsAllCameras: Requirement<{ pullWithinMs: number }> = {
  id: 'HUB-STR-01',
  area: 'STREAM',
  title: 'Pulls the configured stream of every camera within a bound of provisioning',
  rationale: 'A camera provisioned but not pulled is a blind spot the control room does not know about.',
  level: 'MUST',
  side: 'hub',
  params: { pullWithinMs: { default: 10_000, unit: 'ms', stricter: 'lower', description: 'from provisioning to the first PLAY of the configured profile' } },
  needs: { observations: ['rtsp.session.open', 'rtsp.session.play'], capabilities: [] },
  traces: [{ source: 'ONVIF Profile S Client Test Specification', feature: 'Streaming Over RTSP (MediaStreaming_RTSPStreaming)', testCase: 'MEDIASTREAMING-3' }],
  check({ observations, params, run }) {
    const provisionedProfile = new Map<string, string>();
    for (const o of observations) if (o.kind === 'hub.provisioned') provisionedProfile.set(`${o.hub}\n${o.camera}`, o.profile);
    const faults = faultWindows(observations);
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const a of assignments(observations, run)) {
      const untilMs = a.fromMs + params.pullWithinMs;
      if (run.endMs < untilMs || inAnyWindow(faults, a.camera, a.fromMs, untilMs, run.endMs)) continue;
      const profile = provisionedProfile.get(`${a.hub}\n${a.camera}`) ?? 'main';
      const spans = playedSpans(observations, userOfHub(run, a.hub)).filter((s) => s.camera === a.camera && (s.closeMs === undefined || s.closeMs > a.fromMs));
      const right = spans.find((s) => s.profile === profile);
      const delay = right === undefined ? run.endMs - a.fromMs : Math.max(0, right.playMs! - a.fromMs);
      worst = Math.max(worst, delay);
      const base = { camera: a.camera, hub: a.hub, fromMs: a.fromMs };
      if (right === undefined) {
        const other = spans[0];
        misses.push({ ...base, text: other ? `pulled the ${other.profile} stream, not the configured ${profile}` : `never pulled (${profile} stream)` });
      } else {
        (delay > params.pullWithinMs ? misses : ok).push({ ...base, atMs: right.playMs!, text: `${profile} stream playing ${formatMs(delay)} after provisioning` });
      }
    }
    if (ok.length + misses.length === 0) return notExercised(`no camera was provisioned with ${formatMs(params.pullWithinMs)} of fault-free run after it`);
    const measurement = { name: 'worst time from provisioning to PLAY', value: worst, unit: 'ms' as const, threshold: params.pullWithinMs, op: '<=' as const };
    if (misses.length > 0) return failed(`${misses.length} of ${ok.length + misses.length} cameras not pulled within ${formatMs(params.pullWithinMs)}`, measurement, [...misses, ...ok]);
    return passed(`all ${ok.length} cameras pulled within ${formatMs(params.pullWithinMs)}`, measurement, ok);
  },
};
