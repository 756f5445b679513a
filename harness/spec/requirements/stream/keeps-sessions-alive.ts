import type { Requirement } from '../../requirement.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans } from '../../evidence/session-spans.ts';

export const keepsSessionsAlive: Requirement<{ sessionTimeoutMs: number }> = {
  id: 'HUB-STR-02',
  area: 'STREAM',
  title: 'Keeps RTSP sessions alive',
  rationale: 'Cameras drop sessions that send no keep-alive within the session timeout (RFC 2326 §12.37); the hub must refresh them (RTCP receiver reports, GET_PARAMETER or OPTIONS).',
  level: 'MUST',
  side: 'hub',
  params: { sessionTimeoutMs: { default: 60_000, unit: 'ms', stricter: 'lower', description: "the cameras' RTSP session timeout: a session older than this needed keep-alives" } },
  needs: { observations: ['rtsp.session.open', 'rtsp.session.close'], capabilities: [] },
  traces: [{ source: 'RFC 2326 §12.37 (Session timeout)' }, { source: 'ONVIF Streaming Specification §5.2.1.1 (keep-alive)' }],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const spans = playedSpans(observations).filter((s) => s.user !== undefined && users.has(s.user));
    const faults = faultWindows(observations);
    // A session that timed out while a fault cut the camera off is the fault's, not the hub's.
    const timedOut = spans.filter((s) => s.closeReason === 'timeout' && !inAnyWindow(faults, s.camera, s.closeMs! - params.sessionTimeoutMs, s.closeMs!, run.endMs));
    const longLived = spans.filter((s) => !timedOut.includes(s) && (s.closeMs ?? run.endMs) - s.playMs! > params.sessionTimeoutMs);
    const measurement = { name: 'hub sessions the camera timed out', value: timedOut.length, unit: 'count' as const, threshold: 0, op: '<=' as const };
    if (timedOut.length > 0) {
      return failed(
        `${timedOut.length} session(s) timed out for lack of keep-alive`,
        measurement,
        timedOut.map((s) => ({ camera: s.camera, atMs: s.closeMs!, fromMs: s.playMs!, text: `session ${s.session} of ${s.user} timed out after ${formatMs(s.closeMs! - s.playMs!)}` })),
      );
    }
    if (longLived.length === 0) return notExercised(`no hub session lived longer than the ${formatMs(params.sessionTimeoutMs)} session timeout`);
    return passed(
      `${longLived.length} session(s) outlived the session timeout; none timed out`,
      measurement,
      longLived.map((s) => ({ camera: s.camera, fromMs: s.playMs!, toMs: s.closeMs ?? run.endMs, text: `session ${s.session} of ${s.user} kept alive for ${formatMs((s.closeMs ?? run.endMs) - s.playMs!)}` })),
    );
  },
};
