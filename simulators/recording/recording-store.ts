import type { Clock } from '../clock/clock.ts';
import type { SpanTimeline } from './span-timeline.ts';

/** What a store holds per track: its spans and what a millisecond of it costs on disk. */
export interface StoreTrack {
  readonly timeline: SpanTimeline;
  /** bitrate x 1 ms: media stays virtual, so a span costs its length times this. */
  readonly bytesPerMs: number;
}

export interface RecordingStoreOptions {
  clock: Clock;
  capacityBytes: number;
  /** Recordings older than this are deleted; absent keeps everything the disk holds. */
  retentionMs?: number;
}

/**
 * A recorder's disk: retention and a byte budget over every track it holds. When the budget is
 * spent the oldest instants go first, across all tracks at once (a ring buffer, as NVRs and SD
 * cards in overwrite mode do), so the store keeps the newest data that fits. What has been
 * overwritten never comes back: `floorMs` only moves forward.
 */
export class RecordingStore {
  readonly capacityBytes: number;
  readonly retentionMs: number | undefined;
  private readonly clock: Clock;
  private readonly tracks: StoreTrack[] = [];
  /** Nothing before this instant is kept. */
  private floorMs = Number.NEGATIVE_INFINITY;

  constructor(opts: RecordingStoreOptions) {
    if (!(opts.capacityBytes > 0)) throw new RangeError(`capacityBytes must be > 0, got ${opts.capacityBytes}`);
    this.clock = opts.clock;
    this.capacityBytes = opts.capacityBytes;
    this.retentionMs = opts.retentionMs;
  }

  add(track: StoreTrack): void {
    this.tracks.push(track);
  }

  /** Bytes held now (after enforce()). */
  usedBytes(nowMs = this.clock.now()): number {
    let bytes = 0;
    for (const t of this.tracks) bytes += t.bytesPerMs * t.timeline.keptMs(nowMs);
    return bytes;
  }

  /** The oldest instant the store may still hold. */
  get oldestKeptMs(): number {
    return this.floorMs;
  }

  /**
   * Applies retention and the budget as of nowMs. Called before every change to a track and
   * before every read, so between two calls the data only grows linearly and the result is what
   * a disk overwriting continuously would hold.
   */
  enforce(nowMs = this.clock.now()): void {
    if (this.retentionMs !== undefined) this.raiseFloor(nowMs - this.retentionMs);
    if (this.usedBytes(nowMs) <= this.capacityBytes) return;
    this.raiseFloor(this.budgetFloor(nowMs));
  }

  private raiseFloor(floorMs: number): void {
    if (floorMs <= this.floorMs) return;
    this.floorMs = floorMs;
    for (const t of this.tracks) t.timeline.dropBefore(floorMs);
  }

  /**
   * The earliest instant from which everything kept fits the budget: a sweep forwards from the
   * oldest data over span edges, dropping the excess at the rate of the tracks that recorded in
   * each interval. The excess is what arrived since the last call, so the sweep stops after a
   * few edges; its steps are bounded by the spans held.
   */
  private budgetFloor(nowMs: number): number {
    let excessBytes = this.usedBytes(nowMs) - this.capacityBytes;
    const cursor = this.tracks.map(() => 0);
    let positionMs = Number.POSITIVE_INFINITY;
    this.tracks.forEach((t) => {
      const first = t.timeline.spanAt(0, nowMs);
      if (first !== undefined) positionMs = Math.min(positionMs, first.startMs);
    });
    const maxSteps = 2 * this.tracks.reduce((n, t) => n + t.timeline.spanCount, 0) + 1;
    for (let step = 0; step < maxSteps && positionMs < nowMs; step++) {
      let rate = 0;
      let nextMs = nowMs;
      this.tracks.forEach((t, k) => {
        const span = t.timeline.spanAt(cursor[k]!, nowMs);
        if (span === undefined) return;
        if (span.startMs <= positionMs) {
          rate += t.bytesPerMs;
          nextMs = Math.min(nextMs, span.endMs);
        } else nextMs = Math.min(nextMs, span.startMs);
      });
      const bytes = rate * (nextMs - positionMs);
      if (bytes >= excessBytes) return positionMs + excessBytes / rate;
      excessBytes -= bytes;
      positionMs = nextMs;
      this.tracks.forEach((t, k) => {
        const span = t.timeline.spanAt(cursor[k]!, nowMs);
        if (span !== undefined && span.endMs <= positionMs) cursor[k]!++;
      });
    }
    return nowMs;
  }
}
