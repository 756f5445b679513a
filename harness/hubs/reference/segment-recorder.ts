import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { RecordingTimeline } from './recording-timeline.ts';

/** Pictures further apart than this end one recording segment and start the next. */
const segmentGapMs = 2_000;

interface Segment {
  startMs: number;
  endMs: number;
  timeline: RecordingTimeline;
}

/**
 * The mini hub's recorder: it keeps each camera's pictures as they arrive, in segments that end
 * where pictures stopped for `segmentGapMs`, and stops recording a camera `recordForMs` after its
 * first picture (a disk that fills). Each segment places its pictures on its own timeline from
 * the stream's timestamps (`timestamps` says how it treats them). Each finished segment is one
 * hub.recording observation, its timeline sampled.
 */
export class SegmentRecorder {
  private readonly open = new Map<string, Segment>();
  private readonly firstFrameMs = new Map<string, number>();
  /** The latest packet time of each camera's stream, until a segment opens to take it. */
  private readonly pendingStreamMs = new Map<string, number>();
  /** Segments whose pictures stopped are finished as the run goes, not only at the end. */
  private readonly ticker: TimerHandle;

  constructor(
    private readonly hub: string,
    private readonly log: ObservationLog,
    private readonly clock: Clock,
    private readonly recordForMs: number,
    private readonly timestamps: 'stream' | 'rebased' = 'rebased',
  ) {
    this.ticker = clock.setInterval(() => {
      const now = clock.now();
      for (const [camera, segment] of this.open) if (now - segment.endMs > segmentGapMs) this.end(camera);
    }, segmentGapMs);
  }

  /** A packet of `camera`'s stream carried stream time `ms` (from its RTP timestamps). */
  mediaTime(camera: string, ms: number): void {
    const segment = this.open.get(camera);
    if (segment === undefined) this.pendingStreamMs.set(camera, ms);
    else segment.timeline.packet(ms, this.clock.now());
  }

  frame(camera: string): void {
    const now = this.clock.now();
    const first = this.firstFrameMs.get(camera) ?? now;
    this.firstFrameMs.set(camera, first);
    if (now - first > this.recordForMs) return this.end(camera);
    let segment = this.open.get(camera);
    if (segment === undefined || now - segment.endMs > segmentGapMs) {
      this.end(camera);
      segment = { startMs: now, endMs: now, timeline: new RecordingTimeline(this.timestamps, now) };
      const pending = this.pendingStreamMs.get(camera);
      if (pending !== undefined) segment.timeline.packet(pending, now);
      this.pendingStreamMs.delete(camera);
      this.open.set(camera, segment);
    }
    segment.endMs = now;
    segment.timeline.picture(now);
  }

  /** Ends the camera's open segment, if any. */
  end(camera: string): void {
    const segment = this.open.get(camera);
    if (segment === undefined) return;
    this.open.delete(camera);
    if (segment.endMs <= segment.startMs) return;
    const { samples } = segment.timeline;
    this.log.record({ kind: 'hub.recording', atMs: this.clock.now(), hub: this.hub, camera, startMs: segment.startMs, endMs: segment.endMs, ...(samples.length > 0 ? { timeline: samples } : {}) });
  }

  /** Ends every open segment and stops. Idempotent. */
  close(): void {
    this.ticker.cancel();
    for (const camera of [...this.open.keys()]) this.end(camera);
  }
}
