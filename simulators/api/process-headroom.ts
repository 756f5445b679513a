import { availableParallelism, hostname } from 'node:os';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * Upper bounds (ms) of the event-loop delay buckets. The limits a load run judges by (100 ms) are
 * bounds, so "p99 beyond the limit" is decided exactly from the bucket counts.
 */
export const loopDelayBoundsMs = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000,
] as const;

/** One thread's cumulative event-loop time (performance.eventLoopUtilization), in ms. */
export interface LoopTime {
  idleMs: number;
  activeMs: number;
}

/**
 * What `GET /api/headroom` answers: this process's cumulative counters since it started. A reader
 * takes one reading when a window (a load stage) starts and one when it ends and subtracts them, so
 * any number of readers measure their own windows and nothing is reset by reading.
 */
export interface HeadroomReading {
  host: string;
  pid: number;
  /** This fleet's slice, when it is one of several (`camlab sim --shard I/N`). */
  shard?: { index: number; count: number };
  /** performance.now(): a monotonic clock of this process, so windows do not depend on wall clocks agreeing. */
  uptimeMs: number;
  coresAvailable: number;
  /** process.cpuUsage(): user and system CPU of the whole process, worker threads included. */
  cpuMicros: { user: number; system: number };
  mainThread: LoopTime;
  /** The fleet's camera worker threads, in order (none without --workers). */
  workers: LoopTime[];
  /**
   * How late a timer asking to run every `resolutionMs` ran, counted per bucket: `counts[i]` samples
   * at most `boundsMs[i]` ms late (and more than the bound before), the last count beyond every bound.
   */
  loopDelay: { resolutionMs: number; boundsMs: number[]; counts: number[] };
}

function loopTime(elu: EventLoopUtilization): LoopTime {
  return { idleMs: elu.idle, activeMs: elu.active };
}

/**
 * This process's headroom as cumulative counters, for a coordinator on another machine
 * (`camlab load --shards`) to judge whether this shard kept up with its cameras. Owns one unref'd
 * timer (the delay probe); close() stops it.
 */
export class ProcessHeadroom {
  private readonly counts = new Array<number>(loopDelayBoundsMs.length + 1).fill(0);
  private readonly timer: NodeJS.Timeout;
  private lastMs = performance.now();
  private closed = false;

  constructor(
    private readonly opts: {
      workers?: () => EventLoopUtilization[];
      shard?: { index: number; count: number };
      resolutionMs?: number;
    } = {},
  ) {
    const resolutionMs = opts.resolutionMs ?? 10;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.record(Math.max(0, now - this.lastMs - resolutionMs));
      this.lastMs = now;
    }, resolutionMs);
    this.timer.unref();
  }

  private record(delayMs: number): void {
    let i = 0;
    while (i < loopDelayBoundsMs.length && delayMs > loopDelayBoundsMs[i]!) i++;
    this.counts[i]!++;
  }

  read(): HeadroomReading {
    const cpu = process.cpuUsage();
    return {
      host: hostname(),
      pid: process.pid,
      ...(this.opts.shard !== undefined && this.opts.shard.count > 1 ? { shard: { ...this.opts.shard } } : {}),
      uptimeMs: performance.now(),
      coresAvailable: availableParallelism(),
      cpuMicros: { user: cpu.user, system: cpu.system },
      mainThread: loopTime(performance.eventLoopUtilization()),
      workers: (this.opts.workers?.() ?? []).map(loopTime),
      loopDelay: {
        resolutionMs: this.opts.resolutionMs ?? 10,
        boundsMs: [...loopDelayBoundsMs],
        counts: [...this.counts],
      },
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
  }
}
