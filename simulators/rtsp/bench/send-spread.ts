/** Percentiles of a send-time spread, in ms: how long after its due time a frame was written. */
export interface SendSpreadSummary {
  frames: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const BUCKET_MS = 0.1;
const BUCKETS = 20_000;

/**
 * A histogram of send-time spreads in 0.1 ms buckets up to 2 s (later ones land in the last
 * bucket and in `maxMs`): constant memory and no allocation per frame, so it can sit on a send path.
 */
export class SendSpread {
  private readonly counts = new Float64Array(BUCKETS);
  private frames = 0;
  private maxMs = 0;

  record(spreadMs: number, frames: number): void {
    const ms = spreadMs < 0 ? 0 : spreadMs;
    this.counts[Math.min(BUCKETS - 1, Math.floor(ms / BUCKET_MS))]! += frames;
    this.frames += frames;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /** The spread since the last call, then starts afresh. */
  take(): SendSpreadSummary {
    const at = (q: number): number => {
      const want = q * this.frames;
      let seen = 0;
      for (let i = 0; i < BUCKETS; i++) {
        seen += this.counts[i]!;
        if (seen >= want && seen > 0) return Number(((i + 1) * BUCKET_MS).toFixed(1));
      }
      return 0;
    };
    const summary = { frames: this.frames, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Number(this.maxMs.toFixed(1)) };
    this.counts.fill(0);
    this.frames = 0;
    this.maxMs = 0;
    return summary;
  }
}
