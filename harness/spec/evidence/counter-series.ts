import { NumberColumn } from './number-column.ts';

/** One sample of a session's cumulative counters (from rtsp.session.stats and the close). */
export interface CounterSample {
  atMs: number;
  framesSent: number;
  bytesSent: number;
  framesDropped: number;
  /** Of framesDropped: for a full send queue (the reader not reading). 0 in logs that lack it. */
  framesDroppedQueueFull: number;
  /** Of framesDropped: slots the simulator's clock skipped. 0 in logs that lack it. */
  framesSkipped: number;
}

export type CounterName = keyof CounterSample;
const names: readonly CounterName[] = [
  'atMs',
  'framesSent',
  'bytesSent',
  'framesDropped',
  'framesDroppedQueueFull',
  'framesSkipped',
];

/**
 * A session's counter samples in time order, as columns of typed arrays rather than an object
 * per sample: an 8-hour session sampled each second is 28,800 samples, and 2,000 of them as
 * objects would not fit in memory. Read by index (`atMs(i)`, `framesSent(i)`...) on hot paths;
 * iterating yields CounterSample objects.
 */
export class CounterSeries implements Iterable<CounterSample> {
  private readonly columns: NumberColumn[];
  /** Times are kept as whole milliseconds after this one (four bytes), until one is not (then as they are). */
  private baseMs = 0;
  private timesRaw = false;
  /** Whether every sample's time is at or after the one before (then valueAt searches by halves). */
  private inTimeOrder = true;
  length = 0;

  /** `capacity`: the samples expected, where known; columns of that size, so none is copied to grow. */
  constructor(capacity?: number) {
    this.columns = names.map(() => new NumberColumn(capacity));
  }

  push(sample: CounterSample): void {
    this.pushValues(
      sample.atMs,
      sample.framesSent,
      sample.bytesSent,
      sample.framesDropped,
      sample.framesDroppedQueueFull,
      sample.framesSkipped,
    );
  }

  /** As push(), from the values (no sample object: a spilled log's columns are read this way). */
  pushValues(
    atMs: number,
    framesSent: number,
    bytesSent: number,
    framesDropped: number,
    framesDroppedQueueFull: number,
    framesSkipped: number,
  ): void {
    const i = this.length++;
    if (i > 0 && atMs < this.atMs(i - 1)) this.inTimeOrder = false;
    let t = atMs;
    if (i === 0) {
      this.timesRaw = !Number.isInteger(t);
      if (!this.timesRaw) this.baseMs = t;
    }
    if (!this.timesRaw) {
      const offset = t - this.baseMs;
      if (Number.isInteger(offset) && offset >= 0 && offset <= 0xffff_ffff) t = offset;
      else {
        this.columns[0]!.shift(this.baseMs);
        this.timesRaw = true;
        this.baseMs = 0;
      }
    }
    const c = this.columns;
    c[0]!.add(t);
    c[1]!.add(framesSent);
    c[2]!.add(bytesSent);
    c[3]!.add(framesDropped);
    c[4]!.add(framesDroppedQueueFull);
    c[5]!.add(framesSkipped);
  }

  /** Releases the spare capacity once no more samples come. */
  trim(): void {
    for (const c of this.columns) c.trim();
  }

  /** Bytes the columns take (capacity included). */
  get byteLength(): number {
    return this.columns.reduce((n, c) => n + c.data.byteLength, 0);
  }

  atMs(i: number): number {
    return this.columns[0]!.data[i]! + this.baseMs;
  }
  framesSent(i: number): number {
    return this.columns[1]!.data[i]!;
  }
  bytesSent(i: number): number {
    return this.columns[2]!.data[i]!;
  }
  framesDropped(i: number): number {
    return this.columns[3]!.data[i]!;
  }
  framesDroppedQueueFull(i: number): number {
    return this.columns[4]!.data[i]!;
  }
  framesSkipped(i: number): number {
    return this.columns[5]!.data[i]!;
  }

  at(i: number): CounterSample {
    return {
      atMs: this.atMs(i),
      framesSent: this.framesSent(i),
      bytesSent: this.bytesSent(i),
      framesDropped: this.framesDropped(i),
      framesDroppedQueueFull: this.framesDroppedQueueFull(i),
      framesSkipped: this.framesSkipped(i),
    };
  }

  *[Symbol.iterator](): Iterator<CounterSample> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /**
   * The value of `counter` at the last sample at or before `atMs`, scanning in order and stopping
   * at the first sample after it, else 0.
   */
  valueAt(counter: Exclude<CounterName, 'atMs'>, atMs: number): number {
    const data = this.columns[names.indexOf(counter)]!.data;
    const times = this.columns[0]!.data;
    const base = this.baseMs;
    if (!this.inTimeOrder) {
      let value = 0;
      for (let i = 0; i < this.length; i++) {
        if (times[i]! + base > atMs) break;
        value = data[i]!;
      }
      return value;
    }
    // By halves: checks ask this per camera and window, of sessions with a sample a second.
    const target = atMs - base;
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : data[lo - 1]!;
  }
}
