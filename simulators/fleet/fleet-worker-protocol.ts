import type { CameraNetwork, CameraUser } from '../camera/camera.ts';
import type { ResolvedFault } from '../faults/fault-request.ts';
import type { Observation, CameraPowerState } from '../observations/observation.ts';
import type { FleetDefinition } from './fleet-schema.ts';
import type { FleetPlan } from './fleet-plan.ts';
import type { CameraStatus } from './fleet-node.ts';

/** What a worker is started with: the whole plan (for fault context) and its slice of it. */
export interface FleetWorkerData {
  def: FleetDefinition;
  plan: FleetPlan;
  /** Fleet positions [from, to) this worker serves. */
  from: number;
  to: number;
  discovery: boolean;
  /** Interface address discovery joins multicast on. */
  interfaceAddress: string;
}

export type ParentToWorker =
  | { type: 'apply'; reqId: number; fault: ResolvedFault }
  | { type: 'clear'; reqId: number; id: string }
  | { type: 'add-users'; reqId: number; cameraIds: string[]; users: CameraUser[] }
  | { type: 'remove-users'; reqId: number; cameraIds: string[]; usernames: string[] }
  | { type: 'status'; reqId: number; id: string }
  | { type: 'close'; reqId: number };

export type WorkerToParent =
  /** Listening; the networks say which ports port-0 cameras got. */
  | { type: 'ready'; cameras: { id: string; network: CameraNetwork }[] }
  | { type: 'start-failed'; message: string }
  | { type: 'reply'; reqId: number; ok: true; value?: CameraStatus }
  | { type: 'reply'; reqId: number; ok: false; message: string }
  /** Observations batched (about every 50 ms), never one message each. */
  | { type: 'observations'; batch: Observation[] }
  | { type: 'camera'; id: string; power: CameraPowerState; network: CameraNetwork };

/** A request before the pool numbers it. */
export type WorkerRequest = ParentToWorker extends infer M
  ? M extends ParentToWorker
    ? Omit<M, 'reqId'>
    : never
  : never;
