import { Camera, type CameraUser } from '../camera/camera.ts';
import type { Clock } from '../clock/clock.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import type { CameraPowerState } from '../observations/observation.ts';
import type { FaultSite } from '../faults/fault-kind.ts';
import type { FaultRegistry } from '../faults/fault-registry.ts';
import { FaultRunner } from '../faults/fault-runner.ts';
import type { DeviceServers } from './device-servers.ts';
import { FleetRecordings } from '../recording/fleet-recordings.ts';
import { siteRecorderModel } from '../recording/recorder-model.ts';
import type { FleetPlan, PlannedCamera, PlannedRecorder } from './fleet-plan.ts';
import { resolveModel, type FleetDefinition } from './fleet-schema.ts';

/** What a camera looks like right now, for the API and the inventory. */
export interface CameraStatus {
  id: string;
  power: CameraPowerState;
  address: string;
  rtspPort: number;
  onvifPort: number;
  ptzPosition?: { pan: number; tilt: number; zoom: number };
  faults: string[];
  users: string[];
}

export interface FleetNodeOptions {
  def: FleetDefinition;
  plan: FleetPlan;
  /** The planned cameras this node serves (a shard's or a worker's slice). */
  cameras: readonly PlannedCamera[];
  /** The site recorders it serves; their channels must be among its cameras. */
  recorders?: readonly PlannedRecorder[];
  log: ObservationLog;
  clock: Clock;
  registry: FaultRegistry;
  servers: DeviceServers;
}

/** Sites as faults see them, with camera counts over the whole fleet. */
export function faultSites(def: FleetDefinition, plan: FleetPlan): Map<string, FaultSite> {
  return new Map(
    def.sites.map((s) => [
      s.name,
      {
        name: s.name,
        addressBlock: s.addressBlock,
        bandwidthKbps: s.bandwidthKbps,
        cameraCount: plan.cameras.filter((c) => c.site === s.name).length,
      },
    ]),
  );
}

/**
 * The cameras one process serves, their servers and their faults. The fleet runs one node in
 * process, or one per worker; either way the node is where Camera objects live.
 */
export class FleetNode {
  readonly cameras: Camera[];
  /** The site recorders' devices (role 'recorder'), served beside the cameras. */
  readonly recorders: Camera[];
  /** What the edge storage of its cameras and its site recorders keep. */
  readonly recordings: FleetRecordings;
  readonly faults: FaultRunner;
  private readonly byId: Map<string, Camera>;
  private readonly siteIndex = new Map<Camera, number>();
  private closing: Promise<void> | undefined;

  private constructor(private readonly opts: FleetNodeOptions) {
    const sites = faultSites(opts.def, opts.plan);
    this.cameras = opts.cameras.map((p) => {
      const site = opts.def.sites.find((s) => s.name === p.site)!;
      const camera = new Camera({
        id: p.id,
        name: p.name,
        site: p.site,
        model: resolveModel(opts.def, p.modelId),
        network: { address: p.address, rtspPort: p.rtspPort, onvifPort: p.onvifPort },
        users: opts.plan.users,
        location: site.location,
      });
      this.siteIndex.set(camera, p.siteIndex);
      camera.on('power', (state, cause) =>
        opts.log.record({ kind: 'camera.state', atMs: opts.clock.now(), camera: camera.id, state, cause }),
      );
      return camera;
    });
    const cameraById = new Map(this.cameras.map((c) => [c.id, c]));
    const specs = (opts.recorders ?? []).map((p) => {
      const def = opts.def.recorders.find((r) => r.id === p.id)!;
      const device = new Camera({
        id: p.id,
        name: p.name,
        site: p.site,
        model: siteRecorderModel,
        network: { address: p.address, rtspPort: p.rtspPort, onvifPort: p.onvifPort },
        users: p.users,
        location: opts.def.sites.find((s) => s.name === p.site)!.location,
        role: 'recorder',
      });
      device.on('power', (state, cause) =>
        opts.log.record({ kind: 'camera.state', atMs: opts.clock.now(), camera: device.id, state, cause }),
      );
      const channels = p.channels.map((id) => {
        const camera = cameraById.get(id);
        if (camera === undefined)
          throw new RangeError(
            `recorder ${p.id}: camera ${id} is served by another shard or worker; a recorder runs in the process serving its cameras`,
          );
        return camera;
      });
      return {
        device,
        channels,
        profile: def.profile,
        capacityBytes: def.capacity,
        ...(def.retention === undefined ? {} : { retentionMs: def.retention }),
      };
    });
    this.recorders = specs.map((s) => s.device);
    this.recordings = new FleetRecordings({
      clock: opts.clock,
      log: opts.log,
      cameras: this.cameras,
      recorders: specs,
    });
    this.byId = new Map([...this.cameras, ...this.recorders].map((c) => [c.id, c]));
    this.faults = new FaultRunner({
      registry: opts.registry,
      clock: opts.clock,
      camera: (id) => this.byId.get(id),
      siteIndexOf: (c) => this.siteIndex.get(c) ?? 0,
      sites: () => sites,
    });
  }

  /** Builds the cameras and opens every listener; resolves once all answer. */
  static async start(opts: FleetNodeOptions): Promise<FleetNode> {
    const node = new FleetNode(opts);
    try {
      await Promise.all([...node.cameras, ...node.recorders].map((c) => opts.servers.addCamera(c)));
      await opts.servers.start?.();
    } catch (err) {
      await node.close();
      throw err;
    }
    return node;
  }

  camera(id: string): Camera | undefined {
    return this.byId.get(id);
  }

  status(id: string): CameraStatus | undefined {
    const c = this.byId.get(id);
    if (c === undefined) return undefined;
    return {
      id: c.id,
      power: c.power,
      address: c.network.address,
      rtspPort: c.network.rtspPort,
      onvifPort: c.network.onvifPort,
      ptzPosition: c.ptz?.position(this.opts.clock.now()),
      faults: c.faults.map((f) => f.id),
      users: c.users.map((u) => u.username),
    };
  }

  /** Adds (or replaces, by username) users on the given cameras: each hub instance gets its own. */
  addUsers(cameraIds: readonly string[], users: readonly CameraUser[]): void {
    for (const id of cameraIds) {
      const c = this.byId.get(id);
      if (c === undefined) continue;
      const names = new Set(users.map((u) => u.username));
      c.setUsers([...c.users.filter((u) => !names.has(u.username)), ...users]);
    }
  }

  /** Removes users, by username, from the given cameras. */
  removeUsers(cameraIds: readonly string[], usernames: readonly string[]): void {
    const names = new Set(usernames);
    for (const id of cameraIds) {
      const c = this.byId.get(id);
      if (c === undefined || !c.users.some((u) => names.has(u.username))) continue;
      c.setUsers(c.users.filter((u) => !names.has(u.username)));
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.recordings.close();
      for (const c of [...this.cameras, ...this.recorders]) c.dispose();
      await this.opts.servers.close();
    })();
    return this.closing;
  }
}
