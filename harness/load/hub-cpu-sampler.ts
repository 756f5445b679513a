import { clockTicksPerSecond, readProcessTable, treeTicks } from './process-tree-cpu.ts';

/** The hub's CPU counter at one instant: clock ticks of its process trees. */
export interface HubCpuSample {
  atMs: number;
  ticks: number;
}

/**
 * Cores the hub used on average between `fromMs` and `toMs`: the difference of the last samples
 * at or before each end (the first one after `fromMs` when none is before it). Undefined without
 * two distinct samples in reach. Pure.
 */
export function hubCpuCoresBetween(samples: readonly HubCpuSample[], fromMs: number, toMs: number): number | undefined {
  const atOrBefore = (ms: number): HubCpuSample | undefined => {
    let found: HubCpuSample | undefined;
    for (const s of samples) if (s.atMs <= ms) found = s;
    return found;
  };
  const from = atOrBefore(fromMs) ?? samples.find((s) => s.atMs > fromMs && s.atMs <= toMs);
  const to = atOrBefore(toMs);
  if (from === undefined || to === undefined || to.atMs <= from.atMs) return undefined;
  // A tree whose processes were replaced wholesale (a hub restarted under a new root) can read lower.
  const ticks = Math.max(0, to.ticks - from.ticks);
  return ticks / clockTicksPerSecond / ((to.atMs - from.atMs) / 1000);
}

export interface HubCpuSamplerOptions {
  /** The hub's root processes now (empty until the hub is open). */
  processIds(): readonly number[];
  now(): number;
  intervalMs?: number;
  readTable?: typeof readProcessTable;
}

/**
 * Reads the CPU of the hub's process trees (every process under the PIDs its adapter names, from
 * /proc) once a second, for `camlab load`'s per-stage hub CPU. Owns its timer; close() stops it.
 */
export class HubCpuSampler {
  private readonly samples: HubCpuSample[] = [];
  private readonly timer: NodeJS.Timeout;
  private reading = false;
  private closed = false;

  constructor(private readonly options: HubCpuSamplerOptions) {
    this.timer = setInterval(() => void this.sample(), options.intervalMs ?? 1_000);
    this.timer.unref();
  }

  /** Takes one sample now (also called at stage marks, so a stage's ends are read close to them). */
  async sample(): Promise<void> {
    if (this.closed || this.reading) return;
    const pids = this.options.processIds();
    if (pids.length === 0) return;
    this.reading = true;
    try {
      const atMs = this.options.now();
      const table = await (this.options.readTable ?? readProcessTable)();
      if (!this.closed) this.samples.push({ atMs, ticks: treeTicks(table, pids) });
    } finally {
      this.reading = false;
    }
  }

  /** Samples so far, in time order. */
  all(): readonly HubCpuSample[] {
    return this.samples;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
  }
}
