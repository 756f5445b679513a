import type {
  Observation,
  RtspSessionCloseReason,
  StreamProfileName,
} from '../../../simulators/observations/observation.ts';
import type { SpilledStream, StatsColumns } from '../../../simulators/observations/observation-spill.ts';
import { CounterSeries } from './counter-series.ts';
import { memoByObservations } from './memo.ts';

export type { CounterSample } from './counter-series.ts';

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
  counters: CounterSeries;
}

/**
 * Rebuilds sessions from observations given in record order, one at a time: over an array
 * (sessionSpans) or streamed from a log that spilled to disk (observationsForJudging), with the
 * same result.
 */
export class SessionSpanBuilder {
  private readonly byKey = new Map<string, SessionSpan>();
  private readonly spans: SessionSpan[] = [];
  /** Samples expected per session (camera \n session), where known before it opens. */
  private readonly expected = new Map<string, number>();
  /** The span of each spilled stream index, once resolved (a stream is one camera's session). */
  private readonly spanOfStream: (SessionSpan | undefined)[] = [];

  /**
   * Says how many stats samples a session will have (a spilled log counts its stats rows per
   * stream), so its columns are allocated once at their size instead of doubling.
   */
  expect(camera: string, session: string, samples: number): void {
    const key = `${camera}\n${session}`;
    this.expected.set(key, (this.expected.get(key) ?? 0) + samples);
  }

  /**
   * Row `i` of a spilled segment's stats columns, as observe() takes the observation it holds,
   * without making it: `stream` names the row's stream in `streams`.
   */
  observeStatsRow(columns: StatsColumns, i: number, streams: readonly SpilledStream[]): void {
    const index = columns.stream[i]!;
    let span = this.spanOfStream[index];
    if (span === undefined) {
      const s = streams[index]!;
      span = this.byKey.get(`${s.camera}\n${s.session}`);
      if (span === undefined) return;
      this.spanOfStream[index] = span;
    }
    const queueFull = columns.framesDroppedQueueFull[i]!;
    const skipped = columns.framesSkipped[i]!;
    span.counters.pushValues(
      columns.atMs[i]!,
      columns.framesSent[i]!,
      columns.bytesSent[i]!,
      columns.framesDropped[i]!,
      Number.isNaN(queueFull) ? 0 : queueFull,
      Number.isNaN(skipped) ? 0 : skipped,
    );
  }

  observe(o: Observation): void {
    if (o.kind === 'rtsp.session.open') {
      const key = `${o.camera}\n${o.session}`;
      const expected = this.expected.get(key);
      // A session id opened again (ids are unique per camera, so only in odd logs): streams resolve anew.
      if (this.byKey.has(key)) this.spanOfStream.length = 0;
      const span: SessionSpan = {
        camera: o.camera,
        session: o.session,
        client: o.client,
        profile: o.profile,
        openMs: o.atMs,
        // One more for the close, whose final counters are a sample too.
        counters: new CounterSeries(expected !== undefined ? expected + 1 : undefined),
        ...(o.user !== undefined ? { user: o.user } : {}),
        ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      };
      this.byKey.set(key, span);
      this.spans.push(span);
      return;
    }
    if (o.kind !== 'rtsp.session.play' && o.kind !== 'rtsp.session.close' && o.kind !== 'rtsp.session.stats') return;
    const span = this.byKey.get(`${o.camera}\n${o.session}`);
    if (span === undefined) return;
    if (o.kind === 'rtsp.session.play') {
      span.playMs ??= o.atMs;
      return;
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

  /** Sessions in the order opened so far, their counters still growing (for reading while the run plays). */
  soFar(): readonly SessionSpan[] {
    return this.spans;
  }

  /** Sessions in the order opened. */
  finish(): SessionSpan[] {
    for (const s of this.spans) s.counters.trim();
    return this.spans;
  }
}

const derivedSpans = memoByObservations((observations): SessionSpan[] => {
  const builder = new SessionSpanBuilder();
  for (const o of observations) builder.observe(o);
  return builder.finish();
});

/** Spans built while streaming a spilled log, for the array of its other observations. */
const attachedSpans = new WeakMap<readonly Observation[], SessionSpan[]>();

/**
 * Gives `observations` (which lack some or all of their rtsp.session.stats) the sessions built
 * from every observation of the run: sessionSpans and every view over it then read those.
 */
export function withSessionSpans<T extends readonly Observation[]>(observations: T, spans: SessionSpan[]): T {
  attachedSpans.set(observations, spans);
  return observations;
}

/** Sessions in the order opened. Session ids are unique per camera, not across cameras. */
export function sessionSpans(observations: readonly Observation[]): SessionSpan[] {
  return attachedSpans.get(observations) ?? derivedSpans(observations);
}

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
  return span.counters.valueAt('framesSent', atMs);
}
