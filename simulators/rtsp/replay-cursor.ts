import type { PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import type { RecordedSpan, RecordedTrack } from '../recording/recorded-track.ts';
import type { FramesHeader } from './replay-headers.ts';

/** What one PLAY asks of a recording. */
export interface ReplayRequest {
  /** Capture instant to start from (ms, the run's clock). */
  startMs: number;
  /** Where the play stops, exclusive, in the direction of play (earlier than startMs when reverse); undefined: the recording's end (or start). */
  endMs: number | undefined;
  reverse: boolean;
  frames: FramesHeader;
  /** The play does not follow on from the previous one (a new position): its first frame has the D bit. */
  discontinuousStart: boolean;
}

/** One access unit to send. */
export interface ReplayFrame {
  /** When the camera captured it: its slot on the frame grid (plus its composition offset in B-frame clips). */
  captureMs: number;
  /** Position in the clip (decode order) whose payloads it sends. */
  clipIndex: number;
  keyframe: boolean;
  /** D: follows a gap in the recording, a new position, or (reverse) the GOP sent before it. */
  discontinuity: boolean;
  /** E: the last frame sent of a contiguous section of the recording. */
  endOfSection: boolean;
  /** T: the last frame of this play. */
  terminal: boolean;
  /** When it is rendered at scale 1, ms of media time from the play's start (gaps count one frame). */
  renderMs: number;
  /** When it is due to be sent, on the same time line (a reverse GOP goes as one burst when its first-rendered frame is due). */
  dueMs: number;
}

interface Slot {
  frame: ReplayFrame;
  /** The slot follows a gap in the recording (or starts a repositioned play): ends the section before it. */
  afterGap: boolean;
}

/** Tolerance for slot arithmetic on non-integer frame durations (30 fps: 33.33 ms); a microsecond, well above the float resolution of epoch ms (0.24 µs). */
const EPSILON_MS = 1e-3;

/**
 * Walks a recorded track frame by frame for one PLAY: the camera's frame grid at the profile's
 * fps from each span's start, gaps skipped, forward or GOP by GOP in reverse (GOPs in reverse
 * order, frames within a GOP in forward order, ONVIF Streaming "Reverse replay"), filtered by
 * the Frames header. Pure: the track answers what is recorded, `nowMs` bounds it; no timers.
 *
 * Pictures come from the shared clip: a section (a play's start, or the first frame after a gap)
 * starts on the clip's first key frame, as a camera starts a recording with an IDR, and runs on
 * through the clip. So a play starts with a key frame at the first recorded instant at or after
 * the requested time. In reverse, GOPs are anchored at the span's start.
 */
export class ReplayCursor {
  private readonly gopFrames: number;
  private readonly firstKey: number;
  /** Per clip position: a B-frame (shown before a frame decoded earlier), skipped by Frames: predicted. */
  private readonly bFrame: boolean[];
  private lookahead: Slot | undefined | null = null;
  private renderMs = 0;
  private lastIntraMs = -Infinity;
  private first = true;
  // Forward state: the current span's grid start, the slot reached, the recorded end known so far.
  private gridStartMs = 0;
  private slot = -1;
  private sectionSlot = 0;
  private knownEndMs = 0;
  private done = false;
  // Reverse state: the GOP being sent (its slots), oldest span start reached.
  private gop: Slot[] = [];
  private reverseSpan: RecordedSpan | undefined;
  private reverseNextTop = -1;
  /** The GOP holding the range's end has been laid out: the play ends after it. */
  private reverseRangeEnded = false;

  constructor(
    private readonly track: RecordedTrack,
    private readonly frames: readonly PacketizedFrame[],
    private readonly frameMs: number,
    private readonly req: ReplayRequest,
  ) {
    this.firstKey = Math.max(
      0,
      frames.findIndex((f) => f.keyframe),
    );
    const next = frames.slice(this.firstKey + 1).findIndex((f) => f.keyframe);
    this.gopFrames = next < 0 ? frames.length : next + 1;
    this.bFrame = [];
    let maxPts = -Infinity;
    for (const f of frames) {
      if (f.keyframe) maxPts = -Infinity;
      this.bFrame.push(f.ptsTicks < maxPts);
      if (f.ptsTicks > maxPts) maxPts = f.ptsTicks;
    }
  }

  /** The next frame of the play, or undefined when it has ended (then for good). `nowMs` is the recorder's now: nothing later is recorded. */
  next(nowMs: number): ReplayFrame | undefined {
    if (this.lookahead === null) this.lookahead = this.pull(nowMs);
    const current = this.lookahead;
    if (current === undefined) return undefined;
    this.lookahead = this.pull(nowMs);
    const f = current.frame;
    f.terminal = this.lookahead === undefined;
    f.endOfSection = f.terminal || this.lookahead!.afterGap;
    return f;
  }

  /** The capture instant the play would go on from (the PLAY response's Range start), undefined when nothing is left. */
  peekCaptureMs(nowMs: number): number | undefined {
    if (this.lookahead === null) this.lookahead = this.pull(nowMs);
    return this.lookahead?.frame.captureMs;
  }

  private pull(nowMs: number): Slot | undefined {
    for (;;) {
      const s = this.req.reverse ? this.pullReverse() : this.pullForward(nowMs);
      if (s === undefined) return undefined;
      if (this.wanted(s)) return s;
    }
  }

  private wanted(s: Slot): boolean {
    const f = s.frame;
    const frames = this.req.frames;
    if (frames.kind === 'all') return true;
    if (frames.kind === 'predicted') return !this.bFrame[f.clipIndex];
    if (!f.keyframe) return false;
    if (frames.intervalMs === undefined) return true;
    if (Math.abs(f.captureMs - this.lastIntraMs) + EPSILON_MS < frames.intervalMs && !s.afterGap) return false;
    this.lastIntraMs = f.captureMs;
    return true;
  }

  /** The span holding instant t (its true start: spans come clipped to the query), or the last one before t. */
  private spanAtOrBefore(t: number): RecordedSpan | undefined {
    const spans = this.track.spans(Number.MIN_SAFE_INTEGER, t + EPSILON_MS);
    return spans[spans.length - 1];
  }

  private makeSlot(
    gridMs: number,
    clipIndex: number,
    discontinuity: boolean,
    afterGap: boolean,
    renderMs: number,
    dueMs: number,
  ): Slot {
    const clip = this.frames[clipIndex]!;
    const key = this.frames[this.firstKey]!;
    // B-frame clips: a frame is shown at its composition time, relative to the section's key frame.
    const compositionMs = ((clip.ptsTicks - clip.dtsTicks - (key.ptsTicks - key.dtsTicks)) * 1000) / 90_000;
    const frame: ReplayFrame = {
      captureMs: gridMs + compositionMs,
      clipIndex,
      keyframe: clip.keyframe,
      discontinuity,
      endOfSection: false,
      terminal: false,
      renderMs,
      dueMs,
    };
    return { frame, afterGap };
  }

  private pullForward(nowMs: number): Slot | undefined {
    if (this.done) return undefined;
    const limitMs = this.req.endMs === undefined ? nowMs : Math.min(this.req.endMs, nowMs);
    let afterGap = false;
    if (this.first) {
      this.first = false;
      const span = this.spanAtOrBefore(this.req.startMs);
      if (span !== undefined && span.endMs > this.req.startMs) {
        this.gridStartMs = span.startMs;
        this.knownEndMs = span.endMs;
        this.slot = Math.max(0, Math.ceil((this.req.startMs - span.startMs) / this.frameMs - EPSILON_MS));
      } else {
        const nextSpan = this.track.spans(this.req.startMs, limitMs)[0];
        if (nextSpan === undefined) return this.end();
        this.gridStartMs = nextSpan.startMs;
        this.knownEndMs = nextSpan.endMs;
        this.slot = 0;
      }
      this.sectionSlot = this.slot;
      afterGap = this.req.discontinuousStart;
    } else {
      this.slot++;
      this.renderMs += this.frameMs;
      const nextMs = this.gridStartMs + this.slot * this.frameMs;
      if (nextMs >= this.knownEndMs - EPSILON_MS) {
        // Past what was known of this span: it may have grown (still recording), or a gap follows.
        const spans = this.track.spans(this.knownEndMs, Math.max(limitMs, this.knownEndMs));
        let k = 0;
        if (spans[0] !== undefined && Math.abs(spans[0].startMs - this.knownEndMs) < EPSILON_MS) {
          this.knownEndMs = spans[0].endMs;
          k = 1;
        }
        if (nextMs >= this.knownEndMs - EPSILON_MS) {
          const nextSpan = spans[k];
          if (nextSpan === undefined) return this.end();
          this.gridStartMs = nextSpan.startMs;
          this.knownEndMs = nextSpan.endMs;
          this.slot = 0;
          this.sectionSlot = 0;
          afterGap = true;
        }
      }
    }
    const gridMs = this.gridStartMs + this.slot * this.frameMs;
    if (gridMs >= limitMs - EPSILON_MS) return this.end();
    const clipIndex = (this.firstKey + this.slot - this.sectionSlot) % this.frames.length;
    return this.makeSlot(gridMs, clipIndex, afterGap, afterGap, this.renderMs, this.renderMs);
  }

  private end(): undefined {
    this.done = true;
    return undefined;
  }

  private endReverse(): false {
    this.done = true;
    return false;
  }

  private pullReverse(): Slot | undefined {
    if (this.gop.length === 0 && !this.fillReverseGop()) return undefined;
    return this.gop.shift();
  }

  /** Lays out the next GOP back in time (slots in forward order); false at the start of the recording or range. */
  private fillReverseGop(): boolean {
    if (this.done) return false;
    let afterGap = false;
    if (this.first) {
      this.first = false;
      const span = this.spanAtOrBefore(this.req.startMs);
      if (span === undefined) return this.endReverse();
      this.reverseSpan = span;
      const lastSlot = Math.ceil((span.endMs - span.startMs) / this.frameMs - EPSILON_MS) - 1;
      const fromStart = Math.floor((this.req.startMs - span.startMs) / this.frameMs + EPSILON_MS);
      this.reverseNextTop = Math.min(lastSlot, fromStart);
      afterGap = this.req.discontinuousStart;
    } else if (this.reverseRangeEnded) {
      return this.endReverse();
    } else if (this.reverseNextTop < 0) {
      // This span is done: on to the one before it.
      const span = this.spanAtOrBefore(this.reverseSpan!.startMs - EPSILON_MS);
      if (span === undefined || span.endMs > this.reverseSpan!.startMs + EPSILON_MS) return this.endReverse();
      this.reverseSpan = span;
      this.reverseNextTop = Math.ceil((span.endMs - span.startMs) / this.frameMs - EPSILON_MS) - 1;
      this.renderMs += this.frameMs;
      afterGap = true;
    }
    const span = this.reverseSpan!;
    const top = this.reverseNextTop;
    if (top < 0) return this.endReverse();
    const bottom = top - (top % this.gopFrames);
    const topMs = span.startMs + top * this.frameMs;
    if (this.req.endMs !== undefined && topMs < this.req.endMs - EPSILON_MS) return this.endReverse();
    const dueMs = this.renderMs;
    for (let k = bottom; k <= top; k++) {
      // Frames within the GOP go in forward order, rendered latest first: the GOP is due when its top frame is.
      const renderMs = dueMs + (top - k) * this.frameMs;
      this.gop.push(
        this.makeSlot(
          span.startMs + k * this.frameMs,
          (this.firstKey + k - bottom) % this.frames.length,
          k === bottom,
          k === bottom && afterGap,
          renderMs,
          dueMs,
        ),
      );
    }
    this.renderMs += (top - bottom + 1) * this.frameMs;
    this.reverseNextTop = bottom - 1;
    // A range that ends inside this GOP ends with it: its key frame is needed to decode the frames the range asked for.
    if (this.req.endMs !== undefined && span.startMs + bottom * this.frameMs <= this.req.endMs + EPSILON_MS)
      this.reverseRangeEnded = true;
    return true;
  }
}
