import type { EgressProtocol } from './egress-reader.ts';
import type { EgressTallyBatch } from './egress-tally-batch.ts';

export interface EgressWorkerData {
  protocol: EgressProtocol;
  retryMs: number;
  /** Restreams this worker opens at once (EgressAdmission). */
  maxOpening: number;
  /** The run clock minus Date.now(): tallies measure latency on the run's clock. */
  clockOffsetMs: number;
  /** A module whose `readEgress` replaces the protocol's reader, and whose `now`, if any, the tallies' clock (tests). */
  readModule?: string;
}

export type MainToEgressWorker =
  | { type: 'watch'; camera: string; url: string }
  /** Stop reading these cameras; their last counts come back as 'tallies' with this reqId. */
  | { type: 'unwatch'; cameras: string[]; reqId: number }
  /** This interval's counts of every camera the worker reads, as 'tallies' with this reqId. */
  | { type: 'take'; reqId: number; clockOffsetMs: number }
  /** Stop every reader; the worker then ends. */
  | { type: 'close' };

export type EgressWorkerToMain =
  { type: 'tallies'; reqId: number; batch: EgressTallyBatch } | { type: 'problem'; message: string };
