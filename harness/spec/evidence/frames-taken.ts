import type { Observation, StreamProfileName } from '../../../simulators/observations/observation.ts';
import { memoByObservations } from './memo.ts';
import { playedSpans, type SessionSpan } from './session-spans.ts';

/**
 * What a session was doing between two counter samples (about a second apart):
 * - 'taking': the camera sent frames, so the reader took them;
 * - 'stalled': the camera had frames but the reader was not reading — its queue filled and the
 *   camera dropped (framesDroppedQueueFull grew), and nothing was sent since;
 * - 'withheld': nothing was sent and the reader was not to blame (a fault dropped or held the
 *   frames, a frozen stream, or the session waiting for its first key frame).
 * A camera is watched by a hub when frames are taken, never because a session is open.
 */
export type SessionState = 'taking' | 'stalled' | 'withheld';

export interface Stretch {
  fromMs: number;
  toMs: number;
  state: SessionState;
}

export type Interval = readonly [number, number];

/**
 * Stats come about once a second, so a watched stream shows a frame in every sample; a gap this
 * short between covered stretches is sampling, not a lost picture.
 */
export const frameGapToleranceMs = 2_000;

/** Classifies each span's time from PLAY between consecutive counter samples. */
export const sessionStretches = memoByObservations((observations): Map<SessionSpan, Stretch[]> => {
  const out = new Map<SessionSpan, Stretch[]>();
  for (const span of playedSpans(observations)) {
    const stretches: Stretch[] = [];
    let prevMs = span.playMs!;
    let sent = 0;
    let queueFull = 0;
    let stalled = false;
    for (const c of span.counters) {
      if (c.atMs < prevMs) continue;
      const took = c.framesSent > sent;
      const full = c.framesDroppedQueueFull > queueFull;
      // A full queue makes the camera skip to the next key frame without looking at the socket again,
      // so the reader stays stalled until a frame goes out.
      if (full) stalled = true;
      else if (took) stalled = false;
      const state: SessionState = took ? 'taking' : stalled ? 'stalled' : 'withheld';
      if (c.atMs > prevMs) stretches.push({ fromMs: prevMs, toMs: c.atMs, state });
      prevMs = c.atMs;
      sent = c.framesSent;
      queueFull = c.framesDroppedQueueFull;
    }
    out.set(span, stretches);
  }
  return out;
});

/** Sorted, merged intervals; stretches closer than `joinMs` are joined. */
export function mergeIntervals(intervals: readonly Interval[], joinMs = 0): [number, number][] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1] + joinMs) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export interface WatchFilter {
  camera: string;
  /** The hub's camera user. */
  user: string;
  profile?: StreamProfileName;
}

function stretchesOf(
  observations: readonly Observation[],
  f: WatchFilter,
  states: readonly SessionState[],
): Interval[] {
  const out: Interval[] = [];
  for (const [span, stretches] of sessionStretches(observations)) {
    if (span.camera !== f.camera || span.user !== f.user || (f.profile !== undefined && span.profile !== f.profile))
      continue;
    for (const s of stretches) if (states.includes(s.state)) out.push([s.fromMs, s.toMs]);
  }
  return out;
}

/** When the hub took frames from the camera (merged over its sessions, small sampling gaps joined). */
export function takingIntervals(observations: readonly Observation[], f: WatchFilter): [number, number][] {
  return mergeIntervals(stretchesOf(observations, f, ['taking']), frameGapToleranceMs);
}

/**
 * When the hub kept the camera through a fault: taking frames, or holding a session the fault
 * gave nothing to send. A closed session or a reader that stopped reading is not watching.
 */
export function heldIntervals(observations: readonly Observation[], f: WatchFilter): [number, number][] {
  return mergeIntervals(stretchesOf(observations, f, ['taking', 'withheld']), frameGapToleranceMs);
}

/** When the hub's sessions on the camera had stopped reading (the camera dropping for a full queue). */
export function stalledIntervals(observations: readonly Observation[], f: WatchFilter): [number, number][] {
  return mergeIntervals(stretchesOf(observations, f, ['stalled']));
}

/** The longest stretch of [fromMs, toMs] that `intervals` (merged) leave uncovered. */
export function longestGapMs(intervals: readonly Interval[], fromMs: number, toMs: number): number {
  let cursor = fromMs;
  let longest = 0;
  for (const [a, b] of intervals) {
    if (b <= cursor) continue;
    if (a >= toMs) break;
    if (a > cursor) longest = Math.max(longest, a - cursor);
    cursor = Math.max(cursor, b);
  }
  return Math.max(longest, toMs - cursor);
}

/** Whether any interval covers a point of [fromMs, toMs]. */
export function coversAny(intervals: readonly Interval[], fromMs: number, toMs: number): boolean {
  return intervals.some(([a, b]) => a <= toMs && b >= fromMs);
}

/**
 * The first instant at or after `fromMs` from which the intervals cover `sustainMs` without a
 * break, or run on until `untilMs` (the run's end, or a fault that cuts the stream short): when
 * a stream was really back, not pulled once and dropped. Undefined if never.
 */
export function firstSustainedMs(
  intervals: readonly Interval[],
  fromMs: number,
  sustainMs: number,
  untilMs: number,
): number | undefined {
  for (const [a, b] of intervals) {
    if (b <= fromMs) continue;
    const start = Math.max(a, fromMs);
    if (start >= untilMs) return undefined;
    if (b - start >= sustainMs || b >= untilMs - frameGapToleranceMs) return start;
  }
  return undefined;
}
