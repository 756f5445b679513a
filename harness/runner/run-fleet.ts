import type { EventLoopUtilization } from 'node:perf_hooks';
import type { FaultTargetInput } from '../../simulators/faults/fault-target.ts';
import type { Inventory } from '../../simulators/fleet/inventory.ts';
import type { ObservationLog } from '../../simulators/observations/observation-log.ts';

/** A fault as the runner asks for it: always by explicit camera ids, which the plan chose. */
export interface RunFaultRequest {
  kind: string;
  target: FaultTargetInput;
  params: Record<string, unknown>;
}

/**
 * The fleet as the runner drives it: the simulators' Fleet, started, seen through the few
 * operations a scenario needs. Tests use a small in-memory fake of the same shape.
 */
export interface RunFleet {
  readonly log: ObservationLog;
  /** Every camera with its current address and URLs (changes after a readdress). */
  inventory(): Inventory;
  applyFault(request: RunFaultRequest): Promise<{ id: string }>;
  clearFault(id: string): Promise<void>;
  /** The fleet's worker threads' cumulative event-loop utilisation, where it has workers. */
  workerLoopUtilization?(): EventLoopUtilization[];
  /**
   * Aborted, with the reason, when part of the fleet goes away mid-run (a shard of a fleet served
   * by other processes): the run stops and is INCOMPLETE. Absent where the fleet is this process's.
   */
  readonly lost?: AbortSignal;
  /** Stops every listener and worker (or, for shards run by others, this run's use of them). Idempotent. */
  close(): Promise<void>;
}
