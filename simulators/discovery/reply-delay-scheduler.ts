/**
 * WS-Discovery asks every device to wait a random time within APP_MAX_DELAY before answering a
 * Probe (SOAP-over-UDP, 500 ms), so a thousand devices do not flood the prober's socket at once
 * and a prober that opens its receive loop a moment after sending (ZoneMinder's zmonvif-probe.pl)
 * still hears them.
 */
export const APP_MAX_DELAY_MS = 500;

const HISTOGRAM_BUCKETS = 10;

/** What the scheduler drew, kept as counters (bounded memory for a fleet probed all day). */
export interface ReplyDelayStats {
  count: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  /** Counts per equal-width bucket of [0, maxDelayMs]; the last bucket includes maxDelayMs. */
  histogram: number[];
}

export interface ReplyDelaySchedulerOptions {
  /** Uniform in [0, 1): seeded where the fleet has a seed, so a run's reply order repeats. */
  random: () => number;
  maxDelayMs?: number;
  /** Where the delayed reply waits; real timers by default: the delay is the network's, not the scenario's. */
  setTimer?: (fn: () => void, delayMs: number) => () => void;
}

/** Draws each reply's delay uniformly in [0, maxDelayMs], schedules it, and counts what it drew. */
export class ReplyDelayScheduler {
  readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly setTimer: (fn: () => void, delayMs: number) => () => void;
  private readonly pending = new Set<() => void>();
  private readonly histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  private count = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;

  constructor(opts: ReplyDelaySchedulerOptions) {
    this.random = opts.random;
    this.maxDelayMs = opts.maxDelayMs ?? APP_MAX_DELAY_MS;
    this.setTimer =
      opts.setTimer ??
      ((fn, delayMs) => {
        const t = setTimeout(fn, delayMs);
        return () => clearTimeout(t);
      });
  }

  /** Runs `send` after a fresh random delay; returns the delay drawn. */
  schedule(send: () => void): number {
    const delayMs = Math.round(this.random() * this.maxDelayMs);
    this.count++;
    this.sum += delayMs;
    this.min = Math.min(this.min, delayMs);
    this.max = Math.max(this.max, delayMs);
    this.histogram[Math.min(HISTOGRAM_BUCKETS - 1, Math.floor((delayMs / this.maxDelayMs) * HISTOGRAM_BUCKETS))]!++;
    const cancel = this.setTimer(() => {
      this.pending.delete(cancel);
      send();
    }, delayMs);
    this.pending.add(cancel);
    return delayMs;
  }

  stats(): ReplyDelayStats {
    return {
      count: this.count,
      minMs: this.count === 0 ? 0 : this.min,
      maxMs: this.count === 0 ? 0 : this.max,
      meanMs: this.count === 0 ? 0 : this.sum / this.count,
      histogram: [...this.histogram],
    };
  }

  /** Drops every reply not yet sent (the service is closing). */
  cancelAll(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}
