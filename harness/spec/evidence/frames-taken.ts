import type { Observation, StreamProfileName } from '../../../simulators/observations/observation.ts';
import type { CounterSeries } from './counter-series.ts';
import { memoByObservations } from './memo.ts';
import { NumberColumn } from './number-column.ts';
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

const stateCodes: readonly SessionState[] = ['taking', 'stalled', 'withheld'];

/**
 * A session's stretches, one per counter sample after PLAY, kept as the sample's index and a
 * state code (five bytes, not an object: an 8-hour run has one per session per second). Reads
 * like the read-only array it replaces.
 */
export class StretchList implements Iterable<Stretch> {
  private readonly samples = new NumberColumn();
  private readonly states = new NumberColumn();

  constructor(
    private readonly counters: CounterSeries,
    private readonly fromMs: number,
  ) {}

  add(sample: number, state: SessionState): void {
    this.samples.add(sample);
    this.states.add(stateCodes.indexOf(state));
  }

  trim(): void {
    this.samples.trim();
    this.states.trim();
  }

  get length(): number {
    return this.samples.length;
  }

  /** Each stretch starts where the one before ended; the first at PLAY. */
  at(k: number): Stretch {
    const d = this.samples.data;
    return {
      fromMs: k === 0 ? this.fromMs : this.counters.atMs(d[k - 1]!),
      toMs: this.counters.atMs(d[k]!),
      state: stateCodes[this.states.data[k]!]!,
    };
  }

  *[Symbol.iterator](): Iterator<Stretch> {
    for (let k = 0; k < this.length; k++) yield this.at(k);
  }

  filter(keep: (s: Stretch) => boolean): Stretch[] {
    const out: Stretch[] = [];
    for (const s of this) if (keep(s)) out.push(s);
    return out;
  }

  some(test: (s: Stretch) => boolean): boolean {
    for (const s of this) if (test(s)) return true;
    return false;
  }

  map<T>(f: (s: Stretch) => T): T[] {
    const out: T[] = [];
    for (const s of this) out.push(f(s));
    return out;
  }
}

/** Classifies each span's time from PLAY between consecutive counter samples. */
export const sessionStretches = memoByObservations((observations): Map<SessionSpan, StretchList> => {
  const out = new Map<SessionSpan, StretchList>();
  for (const span of playedSpans(observations)) {
    const stretches = new StretchList(span.counters, span.playMs!);
    let prevMs = span.playMs!;
    let sent = 0;
    let queueFull = 0;
    let stalled = false;
    const c = span.counters;
    for (let i = 0; i < c.length; i++) {
      const atMs = c.atMs(i);
      if (atMs < prevMs) continue;
      const framesSent = c.framesSent(i);
      const framesDroppedQueueFull = c.framesDroppedQueueFull(i);
      const took = framesSent > sent;
      const full = framesDroppedQueueFull > queueFull;
      // A full queue makes the camera skip to the next key frame without looking at the socket again,
      // so the reader stays stalled until a frame goes out.
      if (full) stalled = true;
      else if (took) stalled = false;
      const state: SessionState = took ? 'taking' : stalled ? 'stalled' : 'withheld';
      if (atMs > prevMs) stretches.add(i, state);
      prevMs = atMs;
      sent = framesSent;
      queueFull = framesDroppedQueueFull;
    }
    stretches.trim();
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
    for (let k = 0; k < stretches.length; k++) {
      const s = stretches.at(k);
      if (states.includes(s.state)) out.push([s.fromMs, s.toMs]);
    }
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
