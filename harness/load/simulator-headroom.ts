import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';

/** What camlab's own process spent and lagged during one stage: its headroom, not the hub's. */
export interface SimulatorHeadroom {
  index: number;
  /** p99 and max delay of camlab's event loop (ms): how late its timers, frame slots included, ran. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Share of the stage camlab's main thread was busy (performance.eventLoopUtilization, 0..1). */
  loopUtilization: number;
  /** The same for the busiest of the fleet's worker threads (0 without workers): they run the cameras' frame clocks. */
  workerLoopUtilizationMax: number;
  /** CPU camlab's process used (user + system, worker threads included) per second of the stage: 1 = one whole core. */
  cpuCores: number;
  /** Cores this machine offers camlab (os.availableParallelism()). */
  coresAvailable: number;
  /** Frame slots the cameras' clocks skipped because camlab ran late, where the fleet reports them. */
  framesSkipped: number;
  /** Frames the cameras sent in the stage, to set framesSkipped against. */
  framesSent: number;
}

/** Where camlab stops trusting itself; past any of these a stage is SIMULATOR-LIMITED. */
export interface HeadroomLimits {
  maxLoopDelayP99Ms: number;
  /** A thread (main or camera worker) busy this share of the time or more cannot keep its frame clock. */
  maxLoopUtilization: number;
  /** Share of the machine's cores camlab's process may use before it competes with the hub for them. */
  maxCpuShare: number;
  /** Skipped frame slots per frame sent. */
  maxSkippedRatio: number;
}

export const defaultHeadroomLimits: HeadroomLimits = {
  maxLoopDelayP99Ms: 100,
  maxLoopUtilization: 0.9,
  maxCpuShare: 0.9,
  maxSkippedRatio: 0.005,
};

/** Why camlab itself fell behind in a stage; empty when it kept up. Pure. */
export function simulatorLimits(h: SimulatorHeadroom, limits: HeadroomLimits = defaultHeadroomLimits): string[] {
  const reasons: string[] = [];
  if (h.loopDelayP99Ms > limits.maxLoopDelayP99Ms)
    reasons.push(
      `camlab's event loop ran ${h.loopDelayP99Ms.toFixed(0)} ms late at p99 (limit ${limits.maxLoopDelayP99Ms} ms)`,
    );
  if (h.loopUtilization > limits.maxLoopUtilization)
    reasons.push(
      `camlab's main thread was busy ${(h.loopUtilization * 100).toFixed(0)}% of the stage (limit ${(limits.maxLoopUtilization * 100).toFixed(0)}%)`,
    );
  if (h.workerLoopUtilizationMax > limits.maxLoopUtilization) {
    reasons.push(
      `camlab's busiest camera worker thread was busy ${(h.workerLoopUtilizationMax * 100).toFixed(0)}% of the stage (limit ${(limits.maxLoopUtilization * 100).toFixed(0)}%)`,
    );
  }
  if (h.cpuCores > limits.maxCpuShare * h.coresAvailable) {
    reasons.push(
      `camlab used ${h.cpuCores.toFixed(2)} of this machine's ${h.coresAvailable} cores (limit ${(limits.maxCpuShare * 100).toFixed(0)}% of them)`,
    );
  }
  const total = h.framesSent + h.framesSkipped;
  if (total > 0 && h.framesSkipped / total > limits.maxSkippedRatio) {
    reasons.push(
      `camlab skipped ${h.framesSkipped} of ${total} frame slots (${((h.framesSkipped / total) * 100).toFixed(2)}%, limit ${(limits.maxSkippedRatio * 100).toFixed(2)}%)`,
    );
  }
  return reasons;
}

/** What the run says when a stage was SIMULATOR-LIMITED. */
export const addCapacityAdvice =
  'camlab itself fell behind: give it more capacity and run again — `--workers N` (a worker thread per core), fewer cameras per process with `camlab sim --shard I/N` on more machines driven by `camlab load --shards`, or a quieter machine.';

interface Snapshot {
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
  workers: EventLoopUtilization[];
  atNs: bigint;
}

/** Busy share between two cumulative readings of one thread's event-loop utilisation. */
function utilizationBetween(from: EventLoopUtilization, to: EventLoopUtilization): number {
  const active = to.active - from.active;
  const total = active + (to.idle - from.idle);
  return total > 0 ? active / total : 0;
}

/**
 * Samples camlab's own counters stage by stage: the event-loop delay histogram
 * (perf_hooks.monitorEventLoopDelay, reset at each stage) and process.cpuUsage(). Owns the
 * histogram; close() stops it.
 */
export class HeadroomSampler {
  private readonly histogram: IntervalHistogram;
  private current: { index: number; from: Snapshot } | undefined;
  private readonly done: Omit<SimulatorHeadroom, 'framesSkipped' | 'framesSent'>[] = [];
  private closed = false;
  private workers: () => EventLoopUtilization[] = () => [];

  constructor(resolutionMs = 10) {
    this.histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    this.histogram.enable();
  }

  /** Where the fleet's worker threads' cumulative utilisation comes from (in order, one per worker). */
  watchWorkers(read: () => EventLoopUtilization[]): void {
    this.workers = read;
  }

  private snapshot(): Snapshot {
    return {
      cpu: process.cpuUsage(),
      elu: performance.eventLoopUtilization(),
      workers: this.workers(),
      atNs: process.hrtime.bigint(),
    };
  }

  /** Stage `index` starts now; the one before it (if any) ends. */
  startStage(index: number): void {
    this.endStage();
    if (this.closed) return;
    this.histogram.reset();
    this.current = { index, from: this.snapshot() };
  }

  /** The current stage ends now (idempotent). */
  endStage(): void {
    if (this.current === undefined) return;
    const now = this.snapshot();
    const cpu = process.cpuUsage(this.current.from.cpu);
    const seconds = Number(now.atNs - this.current.from.atNs) / 1e9;
    // The histogram records nanoseconds; with no sample yet its percentiles are 0.
    this.done.push({
      index: this.current.index,
      loopDelayP99Ms: this.histogram.count > 0 ? this.histogram.percentile(99) / 1e6 : 0,
      loopDelayMaxMs: this.histogram.count > 0 ? this.histogram.max / 1e6 : 0,
      loopUtilization: utilizationBetween(this.current.from.elu, now.elu),
      workerLoopUtilizationMax: Math.max(
        0,
        ...now.workers.map((w, i) =>
          this.current!.from.workers[i] !== undefined ? utilizationBetween(this.current!.from.workers[i]!, w) : 0,
        ),
      ),
      cpuCores: seconds > 0 ? (cpu.user + cpu.system) / 1e6 / seconds : 0,
      coresAvailable: availableParallelism(),
    });
    this.current = undefined;
  }

  /** Every ended stage's own counters, in stage order. */
  stages(): readonly Omit<SimulatorHeadroom, 'framesSkipped' | 'framesSent'>[] {
    return this.done;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.endStage();
    this.histogram.disable();
  }
}
