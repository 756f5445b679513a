import type { RecordingTimelineSample } from '../../../simulators/observations/observation.ts';

/** A stream step further ahead of the hub's own clock than this is a jump, not a late packet. */
const aheadToleranceMs = 1_000;
/** One timeline sample kept per this much of the hub's clock. */
const sampleEveryMs = 1_000;

/**
 * Where a recording puts its pictures: its position (ms from its first picture) advanced by the
 * stream's own timestamps as they come. 'stream' trusts them as they are, as a recorder copying
 * packets does (a camera whose RTP clock jumps moves the recording's timeline with it);
 * 'rebased' advances by the hub's own clock instead wherever the stream steps back or leaps
 * ahead of it, as recorders that fix timestamps do.
 */
export class RecordingTimeline {
  private positionMs = 0;
  private lastStreamMs: number | undefined;
  private lastWallMs: number;
  private firstStreamMs: number | undefined;
  private lastSampleMs = Number.NEGATIVE_INFINITY;
  readonly samples: RecordingTimelineSample[] = [];

  constructor(
    private readonly mode: 'stream' | 'rebased',
    startMs: number,
  ) {
    this.lastWallMs = startMs;
  }

  /** A packet with stream time `streamMs` arrived at `wallMs` on the hub's clock. */
  packet(streamMs: number, wallMs: number): void {
    if (this.mode === 'stream') {
      this.firstStreamMs ??= streamMs;
      this.positionMs = streamMs - this.firstStreamMs;
    } else if (this.lastStreamMs !== undefined) {
      const step = streamMs - this.lastStreamMs;
      const wallStep = wallMs - this.lastWallMs;
      this.positionMs += step >= 0 && step <= wallStep + aheadToleranceMs ? step : wallStep;
    }
    this.lastStreamMs = streamMs;
    this.lastWallMs = wallMs;
  }

  /** A picture was recorded at `wallMs`: keeps a sample about once a second. */
  picture(wallMs: number): void {
    if (this.lastStreamMs === undefined || wallMs - this.lastSampleMs < sampleEveryMs) return;
    this.lastSampleMs = wallMs;
    this.samples.push({ atMs: wallMs, mediaMs: this.positionMs });
  }
}
