import type {
  Observation,
  RtspSessionCloseReason,
  StreamProfileName,
} from '../../../simulators/observations/observation.ts';
import { memoByObservations } from './memo.ts';

/** One sample of a session's cumulative counters (from rtsp.session.stats and the close). */
export interface CounterSample {
  atMs: number;
  framesSent: number;
  bytesSent: number;
  framesDropped: number;
  /** Of framesDropped: for a full send queue (the reader not reading). 0 in logs that lack it. */
  framesDroppedQueueFull: number;
  /** Of framesDropped: slots the simulator's clock skipped. 0 in logs that lack it. */
  framesSkipped: number;
}

/** One RTSP session at a camera, rebuilt from its open/play/close/stats observations. */
export interface SessionSpan {
  camera: string;
  session: string;
  client: string;
  user?: string;
  profile: StreamProfileName;
  openMs: number;
  /** The session timeout the camera advertised, when recorded. */
  timeoutMs?: number;
  playMs?: number;
  closeMs?: number;
  closeReason?: RtspSessionCloseReason;
  /** Counter samples in time order. */
  counters: CounterSample[];
}

/** Sessions in the order opened. Session ids are unique per camera, not across cameras. */
export const sessionSpans = memoByObservations((observations): SessionSpan[] => {
  const byKey = new Map<string, SessionSpan>();
  const spans: SessionSpan[] = [];
  for (const o of observations) {
    if (o.kind === 'rtsp.session.open') {
      const span: SessionSpan = {
        camera: o.camera,
        session: o.session,
        client: o.client,
        profile: o.profile,
        openMs: o.atMs,
        counters: [],
        ...(o.user !== undefined ? { user: o.user } : {}),
        ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      };
      byKey.set(`${o.camera}\n${o.session}`, span);
      spans.push(span);
      continue;
    }
    if (o.kind !== 'rtsp.session.play' && o.kind !== 'rtsp.session.close' && o.kind !== 'rtsp.session.stats') continue;
    const span = byKey.get(`${o.camera}\n${o.session}`);
    if (span === undefined) continue;
    if (o.kind === 'rtsp.session.play') {
      span.playMs ??= o.atMs;
      continue;
    }
    if (o.kind === 'rtsp.session.close') {
      span.closeMs = o.atMs;
      span.closeReason = o.reason;
    }
    span.counters.push({
      atMs: o.atMs,
      framesSent: o.framesSent,
      bytesSent: o.bytesSent,
      framesDropped: o.framesDropped,
      framesDroppedQueueFull: o.framesDroppedQueueFull ?? 0,
      framesSkipped: o.framesSkipped ?? 0,
    });
  }
  return spans;
});

/** Sessions that reached PLAY, of one user (a hub) where given. */
export function playedSpans(observations: readonly Observation[], user?: string): SessionSpan[] {
  return sessionSpans(observations).filter((s) => s.playMs !== undefined && (user === undefined || s.user === user));
}

/** Whether the span was playing at `atMs`. */
export function playingAt(span: SessionSpan, atMs: number): boolean {
  return span.playMs !== undefined && span.playMs <= atMs && (span.closeMs === undefined || span.closeMs > atMs);
}

/** The cumulative frames sent at `atMs`, from the last counter sample at or before it. */
export function framesSentAt(span: SessionSpan, atMs: number): number {
  let frames = 0;
  for (const c of span.counters) {
    if (c.atMs > atMs) break;
    frames = c.framesSent;
  }
  return frames;
}
