import type { Requirement } from '../../requirement.ts';
import { cutsControlPath, faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans, type SessionSpan } from '../../evidence/session-spans.ts';

/** RFC 2326 §12.37: a server that names no timeout uses 60 s; logs before 2026.12 do not record it. */
const defaultSessionTimeoutMs = 60_000;

function timeoutOf(s: SessionSpan): number {
  return s.timeoutMs ?? defaultSessionTimeoutMs;
}

export const keepsSessionsAlive: Requirement<{ maxTimedOutSessions: number }> = {
  id: 'HUB-STR-02',
  area: 'STREAM',
  title: 'Keeps RTSP sessions alive',
  rationale:
    "Cameras drop sessions that send no keep-alive within the session timeout (RFC 2326 §12.37); the hub must refresh them (RTCP receiver reports, GET_PARAMETER or OPTIONS). Each session is judged against the timeout its camera advertised, which is the camera's fact, not a threshold to tighten.",
  level: 'MUST',
  side: 'hub',
  params: {
    maxTimedOutSessions: {
      default: 0,
      unit: 'count',
      stricter: 'lower',
      description:
        "hub sessions the cameras closed for lack of keep-alive, outside faults that cut the hub's requests off",
    },
  },
  needs: { observations: ['rtsp.session.open', 'rtsp.session.close'], capabilities: [] },
  traces: [
    { source: 'RFC 2326 §12.37 (Session timeout)' },
    { source: 'ONVIF Streaming Specification §5.2.1.1 (keep-alive)' },
  ],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const spans = playedSpans(observations).filter((s) => s.user !== undefined && users.has(s.user));
    // A session that timed out while a fault cut the hub's requests off is the fault's, not the hub's.
    // A latency fault, a frozen stream or a quirk leaves the path open: keeping alive is the hub's job there.
    const faults = faultWindows(observations).filter(cutsControlPath);
    const timedOut = spans.filter(
      (s) =>
        s.closeReason === 'timeout' && !inAnyWindow(faults, s.camera, s.closeMs! - timeoutOf(s), s.closeMs!, run.endMs),
    );
    const longLived = spans.filter((s) => !timedOut.includes(s) && (s.closeMs ?? run.endMs) - s.playMs! > timeoutOf(s));
    const measurement = {
      name: 'hub sessions the camera timed out',
      value: timedOut.length,
      unit: 'count' as const,
      threshold: params.maxTimedOutSessions,
      op: '<=' as const,
    };
    const timedOutEvidence = timedOut.map((s) => ({
      camera: s.camera,
      atMs: s.closeMs!,
      fromMs: s.playMs!,
      text: `session ${s.session} of ${s.user} timed out after ${formatMs(s.closeMs! - s.playMs!)} (camera timeout ${formatMs(timeoutOf(s))})`,
    }));
    if (timedOut.length > params.maxTimedOutSessions)
      return failed(`${timedOut.length} session(s) timed out for lack of keep-alive`, measurement, timedOutEvidence);
    if (longLived.length === 0 && timedOut.length === 0)
      return notExercised("no hub session lived longer than its camera's session timeout");
    return passed(
      `${longLived.length} session(s) outlived their camera's session timeout; ${timedOut.length} timed out`,
      measurement,
      [
        ...timedOutEvidence,
        ...longLived.map((s) => ({
          camera: s.camera,
          fromMs: s.playMs!,
          toMs: s.closeMs ?? run.endMs,
          text: `session ${s.session} of ${s.user} kept alive for ${formatMs((s.closeMs ?? run.endMs) - s.playMs!)} (camera timeout ${formatMs(timeoutOf(s))})`,
        })),
      ],
    );
  },
};
