import type { Clock } from '../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { InventoryCamera } from '../../simulators/fleet/inventory.ts';

/**
 * What an adapter can do for the harness. A requirement whose evidence needs a capability the
 * adapter lacks is NOT APPLICABLE, never passed.
 * - start: camlab starts and stops the hub itself
 * - provision: camlab tells the hub which cameras to pull (and to release them)
 * - alarms: the hub's camera-offline (and other) alarms reach camlab
 * - recordings: camlab can list what the hub recorded
 * - recording-frames: camlab can read what the hub's recordings hold, frame by frame, with each
 *   frame's SEI capture instant (hub.recording.frames): the evidence of backfill and of the
 *   recordings' time index. It comes with 'recordings' (a listing without frames is not it)
 * - ptz: camlab can send operator PTZ commands through the hub
 * - egress: camlab can read the hub's restream (frames with their SEI stamps)
 */
export type Capability = 'start' | 'provision' | 'alarms' | 'recordings' | 'recording-frames' | 'ptz' | 'egress';
export const allCapabilities: readonly Capability[] = [
  'start',
  'provision',
  'alarms',
  'recordings',
  'recording-frames',
  'ptz',
  'egress',
];

export interface HubIdentity {
  name: string;
  vendor?: string;
  version?: string;
}

export interface HubContext {
  /** The hub instance name in this run ('hub', or e.g. 'council' and 'police' for a handover). */
  instance: string;
  log: ObservationLog;
  clock: Clock;
  /** A temporary directory the adapter owns for config, data and recordings. */
  workDir: string;
  signal: AbortSignal;
  /**
   * The adapter calls this when the hub it started dies on its own (not through close()). The
   * runner then stops the timeline and writes a partial report marked with the reason.
   */
  crashed?(error: Error): void;
}

export type PtzCommand =
  | { kind: 'continuous'; pan: number; tilt: number; zoom: number; timeoutMs?: number }
  | { kind: 'stop' }
  | { kind: 'goto-preset'; preset: string }
  | { kind: 'absolute'; pan: number; tilt: number; zoom: number };

/**
 * One hub under test. The capability set is the truth; provision() (and optionally release())
 * exist exactly when 'provision' is declared and ptz() exactly when 'ptz' is, which the registry
 * checks when it creates an adapter (adapter-contract.ts). Adapters record what they see
 * (hub.provisioned, hub.alarm, hub.egress, hub.recording, hub.ptz) into ctx.log; only
 * harness/verdicts decides pass or fail. Three rules the checks rely on: every hub.alarm
 * carries the adapter's explicit mapping of the hub's alarm to an `alarmKind`; hub.egress keeps
 * the contract on its type (an interval per camera, zeros included, unique SEI frames); hub.ptz is
 * recorded when the command is sent, before awaiting the hub's answer. A hub that calls back
 * (webhooks) is heard by a listener the adapter owns (harness/webhooks/webhook-receiver.ts): see
 * harness/hubs/README.md.
 */
export interface HubAdapter {
  readonly kind: string;
  readonly capabilities: ReadonlySet<Capability>;
  /** Called once before anything else; starts the hub when the adapter has 'start'. */
  open(ctx: HubContext): Promise<void>;
  identity(): Promise<HubIdentity>;
  provision?(cameras: readonly InventoryCamera[]): Promise<void>;
  release?(cameras: readonly InventoryCamera[]): Promise<void>;
  ptz?(camera: InventoryCamera, command: PtzCommand): Promise<void>;
  /** Pull-based evidence (recordings lists, polled alarms) gathered once before judging. */
  collect?(): Promise<void>;
  /**
   * The hub's own processes on this machine (roots: their descendants are the hub too), for
   * `camlab load` to read the hub's CPU per stage; empty or absent when camlab cannot see them.
   */
  processIds?(): readonly number[];
  /** Stops what open() started. Idempotent. */
  close(): Promise<void>;
}
