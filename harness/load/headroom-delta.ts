import type { HeadroomReading, LoopTime } from '../../simulators/api/process-headroom.ts';
import type { SimulatorHeadroom } from './simulator-headroom.ts';

/** A process's own counters over a window; the frames are counted from the observations instead. */
export type ProcessCounters = Omit<SimulatorHeadroom, 'index' | 'framesSkipped' | 'framesSent'>;

/** Two readings that do not measure one window of one process. */
export class HeadroomDeltaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeadroomDeltaError';
  }
}

function busyShare(from: LoopTime, to: LoopTime): number {
  const active = to.activeMs - from.activeMs;
  const total = active + (to.idleMs - from.idleMs);
  return total > 0 ? Math.min(1, Math.max(0, active / total)) : 0;
}

/**
 * The delay bucket holding the q-quantile of a window's samples, as its upper bound (ms): "at most
 * this late". Beyond the last bound, the last bound (at least that late). 0 without samples.
 */
function quantileBoundMs(boundsMs: readonly number[], counts: readonly number[], q: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return boundsMs[Math.min(i, boundsMs.length - 1)]!;
  }
  return boundsMs[boundsMs.length - 1]!;
}

/**
 * What one process (a shard, `GET /api/headroom`) spent and lagged between two of its cumulative
 * readings: CPU per second of its own monotonic clock, its main thread's and busiest worker's busy
 * share, and its event-loop delay p99 and max from the bucket counts that rose in between (bucket
 * upper bounds: the limits judged are bounds, so crossing one is decided exactly). Throws
 * HeadroomDeltaError when the readings are not of one process in order (it restarted, or another
 * version answered). Pure.
 */
export function headroomBetween(from: HeadroomReading, to: HeadroomReading): ProcessCounters {
  if (from.pid !== to.pid || from.host !== to.host || to.uptimeMs < from.uptimeMs)
    throw new HeadroomDeltaError(
      `it restarted within the window (pid ${from.pid} on ${from.host}, then pid ${to.pid} on ${to.host}): its headroom over the window is unknown`,
    );
  const bounds = to.loopDelay.boundsMs;
  if (
    from.loopDelay.boundsMs.length !== bounds.length ||
    from.loopDelay.boundsMs.some((b, i) => b !== bounds[i]) ||
    from.loopDelay.counts.length !== to.loopDelay.counts.length
  )
    throw new HeadroomDeltaError('its event-loop delay buckets changed within the window');
  const counts = to.loopDelay.counts.map((c, i) => Math.max(0, c - from.loopDelay.counts[i]!));
  const seconds = (to.uptimeMs - from.uptimeMs) / 1000;
  const cpuMicros = to.cpuMicros.user + to.cpuMicros.system - (from.cpuMicros.user + from.cpuMicros.system);
  let highest = counts.length - 1;
  while (highest >= 0 && counts[highest] === 0) highest--;
  return {
    loopDelayP99Ms: quantileBoundMs(bounds, counts, 0.99),
    loopDelayMaxMs: highest < 0 ? 0 : bounds[Math.min(highest, bounds.length - 1)]!,
    loopUtilization: busyShare(from.mainThread, to.mainThread),
    // Workers in order, as the fleet started them; one that is new in the window has no share yet.
    workerLoopUtilizationMax: Math.max(
      0,
      ...to.workers.map((w, i) => (from.workers[i] !== undefined ? busyShare(from.workers[i], w) : 0)),
    ),
    cpuCores: seconds > 0 ? Math.max(0, cpuMicros) / 1e6 / seconds : 0,
    coresAvailable: to.coresAvailable,
  };
}
