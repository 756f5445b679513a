import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../../simulators/observations/observation-log.ts';

/** Pictures further apart than this end one recording segment and start the next. */
const segmentGapMs = 2_000;

interface Segment {
  startMs: number;
  endMs: number;
}

/**
 * The mini hub's recorder: it keeps each camera's pictures as they arrive, in segments that end
 * where pictures stopped for `segmentGapMs`, and stops recording a camera `recordForMs` after its
 * first picture (a disk that fills). Each finished segment is one hub.recording observation.
 */
export class SegmentRecorder {
  private readonly open = new Map<string, Segment>();
  private readonly firstFrameMs = new Map<string, number>();
  /** Segments whose pictures stopped are finished as the run goes, not only at the end. */
  private readonly ticker: TimerHandle;

  constructor(
    private readonly hub: string,
    private readonly log: ObservationLog,
    private readonly clock: Clock,
    private readonly recordForMs: number,
  ) {
    this.ticker = clock.setInterval(() => {
      const now = clock.now();
      for (const [camera, segment] of this.open) if (now - segment.endMs > segmentGapMs) this.end(camera);
    }, segmentGapMs);
  }

  frame(camera: string): void {
    const now = this.clock.now();
    const first = this.firstFrameMs.get(camera) ?? now;
    this.firstFrameMs.set(camera, first);
    if (now - first > this.recordForMs) return this.end(camera);
    const segment = this.open.get(camera);
    if (segment !== undefined && now - segment.endMs <= segmentGapMs) {
      segment.endMs = now;
      return;
    }
    this.end(camera);
    this.open.set(camera, { startMs: now, endMs: now });
  }

  /** Ends the camera's open segment, if any. */
  end(camera: string): void {
    const segment = this.open.get(camera);
    if (segment === undefined) return;
    this.open.delete(camera);
    if (segment.endMs > segment.startMs) this.log.record({ kind: 'hub.recording', atMs: this.clock.now(), hub: this.hub, camera, startMs: segment.startMs, endMs: segment.endMs });
  }

  /** Ends every open segment and stops. Idempotent. */
  close(): void {
    this.ticker.cancel();
    for (const camera of [...this.open.keys()]) this.end(camera);
  }
}
