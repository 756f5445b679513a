import type { EventLoopUtilization } from 'node:perf_hooks';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import type { Camera, CameraNetwork, CameraUser } from '../camera/camera.ts';
import type { CameraModel } from '../camera/camera-model.ts';
import { onvifUrl, rtspUrl, snapshotUrl } from '../camera/uris.ts';
import { systemClock, type Clock } from '../clock/clock.ts';
import { ObservationLog } from '../observations/observation-log.ts';
import type { CameraPowerState } from '../observations/observation.ts';
import { builtinFaultKinds } from '../faults/builtin-fault-kinds.ts';
import { FaultController } from '../faults/fault-controller.ts';
import type { FaultRegistry } from '../faults/fault-registry.ts';
import type { FaultExecutor, FaultInfo, FaultRequest } from '../faults/fault-request.ts';
import type { DeviceServers } from './device-servers.ts';
import { FleetNode, faultSites, type CameraStatus } from './fleet-node.ts';
import { planFleet, type AddressMode, type FleetPlan, type PlannedCamera } from './fleet-plan.ts';
import { resolveModel, type FleetDefinition } from './fleet-schema.ts';
import { FleetWorkerPool } from './fleet-worker-pool.ts';
import type { Inventory, InventoryCamera, InventoryRecorder } from './inventory.ts';
import { SessionTracker, type OpenSession } from './session-tracker.ts';
import { FleetRecordings } from '../recording/fleet-recordings.ts';
import { siteRecorderModel } from '../recording/recorder-model.ts';
import { startStandardServers, type DeviceServersContext } from './standard-device-servers.ts';

export interface FleetOptions {
  log?: ObservationLog;
  clock?: Clock;
  addressMode?: AddressMode;
  /** port-per-camera: the one address (default 127.0.0.1; 0.0.0.0 serves other machines). */
  bindAddress?: string;
  /** port-per-camera: the first port (default 20000). */
  basePort?: number;
  /** per-camera: these ports on every camera (0 = any free port, for tests); default 554/80 where bindable, else 8554/8080. */
  ports?: { rtsp: number; onvif: number };
  /** Serve the index-th of count slices of the fleet (several machines). */
  shard?: { index: number; count: number };
  /**
   * Worker threads to spread the cameras over; 0 runs them in this process (the default), 'auto'
   * one per core. Workers run the builtin fault kinds on the system clock.
   */
  workers?: number | 'auto';
  /** Answer WS-Discovery (default true). */
  discovery?: boolean;
  /** Users added to every camera besides the fleet's own (one per hub instance). */
  extraUsers?: CameraUser[];
  registry?: FaultRegistry;
  /** In-process mode only: builds the servers (default RTSP + ONVIF + discovery). */
  servers?: (ctx: DeviceServersContext) => Promise<DeviceServers>;
  /** Wraps the executor that applies faults (kernel mode shapes a site namespace's uplink instead of the cameras' hooks). */
  faultExecutor?: (inner: FaultExecutor) => FaultExecutor;
}

/** A camera of the fleet as this process knows it, wherever it is served. */
export interface FleetCamera {
  plan: PlannedCamera;
  model: CameraModel;
  power: CameraPowerState;
  network: CameraNetwork;
}

export interface CameraDetail {
  id: string;
  name: string;
  site: string;
  model: string;
  shard: number;
  state: CameraPowerState;
  address: string;
  rtsp: { main: string; sub: string };
  onvif: string;
  ptz: boolean;
  ptzPosition?: { pan: number; tilt: number; zoom: number };
  faults: FaultInfo[];
  sessions: OpenSession[];
  /** Who may log in (names only), the users a runner added included. */
  users: string[];
}

async function canBind(address: string, port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A fleet of emulated cameras across sites: builds the plan, serves the cameras (in this
 * process or over worker threads), and owns the fault book, the session tracker and the
 * observation log every camera reports into.
 */
export class Fleet {
  readonly log: ObservationLog;
  readonly clock: Clock;
  readonly def: FleetDefinition;
  readonly plan: FleetPlan;
  readonly sessions = new SessionTracker();
  readonly faultController: FaultController;
  readonly shard: { index: number; count: number };
  /** The Camera objects, in in-process mode; empty when workers serve them. */
  readonly cameras: Camera[];
  /**
   * What each recording device keeps: `recordings.library(id)` for a site recorder's id or an
   * edge-storage camera's id. Recorders and edge storage run in process (no workers).
   */
  readonly recordings: FleetRecordings;
  private readonly views = new Map<string, FleetCamera>();
  private readonly unsubscribe: () => void;
  private closing: Promise<void> | undefined;

  private constructor(
    def: FleetDefinition,
    plan: FleetPlan,
    opts: {
      log: ObservationLog;
      clock: Clock;
      shard: { index: number; count: number };
      registry: FaultRegistry;
      executor: FaultExecutor;
    },
    private readonly node: FleetNode | undefined,
    private readonly pool: FleetWorkerPool | undefined,
  ) {
    this.def = def;
    this.plan = plan;
    this.log = opts.log;
    this.clock = opts.clock;
    this.shard = opts.shard;
    this.cameras = node?.cameras ?? [];
    this.recordings = node?.recordings ?? new FleetRecordings({ clock: opts.clock, cameras: [], recorders: [] });
    for (const p of plan.cameras) {
      const camera = node?.camera(p.id);
      // In process the Camera object is the truth; otherwise worker messages keep the view current.
      const view: FleetCamera =
        camera !== undefined
          ? {
              plan: p,
              model: camera.model,
              get power() {
                return camera.power;
              },
              get network() {
                return camera.network;
              },
            }
          : {
              plan: p,
              model: resolveModel(def, p.modelId),
              power: 'up',
              network: { address: p.address, rtspPort: p.rtspPort, onvifPort: p.onvifPort },
            };
      this.views.set(p.id, view);
    }
    this.unsubscribe = this.log.subscribe((o) => this.sessions.observe(o));
    const sites = faultSites(def, plan);
    const refs = [
      ...plan.cameras.map((c) => ({
        id: c.id,
        site: c.site,
        model: c.modelId,
        siteIndex: c.siteIndex,
        edgeStorage: resolveModel(def, c.modelId).edgeStorage !== undefined,
      })),
      ...plan.recorders.map((r) => ({
        id: r.id,
        site: r.site,
        model: siteRecorderModel.id,
        siteIndex: plan.cameras.filter((c) => c.site === r.site).length,
        device: 'recorder' as const,
      })),
    ];
    const recorderShard = new Map(plan.recorders.map((r) => [r.id, r.shard]));
    this.faultController = new FaultController({
      registry: opts.registry,
      executor: opts.executor,
      clock: opts.clock,
      log: opts.log,
      seed: def.seed,
      cameras: () => refs,
      sites: () => sites,
      serves: (id) => (this.views.get(id)?.plan.shard ?? recorderShard.get(id)) === this.shard.index,
    });
  }

  static async start(def: FleetDefinition, opts: FleetOptions = {}): Promise<Fleet> {
    const log = opts.log ?? new ObservationLog();
    const clock = opts.clock ?? systemClock;
    const shard = opts.shard ?? { index: 0, count: 1 };
    if (!Number.isInteger(shard.index) || shard.count < 1 || shard.index < 0 || shard.index >= shard.count)
      throw new RangeError(`shard ${shard.index}/${shard.count}: expected 0 <= index < count`);
    const addressMode = opts.addressMode ?? 'per-camera';
    const registry = opts.registry ?? builtinFaultKinds();
    let rtspPort = opts.ports?.rtsp ?? 8554;
    let onvifPort = opts.ports?.onvif ?? 8080;
    if (addressMode === 'per-camera' && opts.ports === undefined) {
      const probe = planFleet(def, {
        addressMode,
        rtspPort,
        onvifPort,
        bindAddress: '127.0.0.1',
        basePort: 0,
        shard,
        extraUsers: [],
      }).cameras.find((c) => c.shard === shard.index);
      // Standard ports where this process may bind them (root, or CAP_NET_BIND_SERVICE).
      if (probe !== undefined && (await canBind(probe.address, 554)) && (await canBind(probe.address, 80))) {
        rtspPort = 554;
        onvifPort = 80;
      }
    }
    const plan = planFleet(def, {
      addressMode,
      rtspPort,
      onvifPort,
      bindAddress: opts.bindAddress ?? '127.0.0.1',
      basePort: opts.basePort ?? 20_000,
      shard,
      extraUsers: opts.extraUsers ?? [],
    });
    const mine = plan.cameras.filter((c) => c.shard === shard.index);
    const wrap = opts.faultExecutor ?? ((inner: FaultExecutor) => inner);
    const workerCount = opts.workers === 'auto' ? availableParallelism() : (opts.workers ?? 0);
    const discovery = opts.discovery ?? true;
    const interfaceAddress = addressMode === 'per-camera' ? '127.0.0.1' : (opts.bindAddress ?? '127.0.0.1');
    if (
      workerCount > 0 &&
      (def.recorders.length > 0 || mine.some((c) => resolveModel(def, c.modelId).edgeStorage !== undefined))
    ) {
      throw new RangeError(
        'site recorders and edge storage follow their cameras in process: run them without worker threads (workers: 0)',
      );
    }
    if (workerCount > 0) {
      const pool = await FleetWorkerPool.start({
        def,
        plan,
        cameras: mine,
        workers: workerCount,
        discovery,
        interfaceAddress,
        log,
      });
      const fleet = new Fleet(def, plan, { log, clock, shard, registry, executor: wrap(pool) }, undefined, pool);
      for (const [id, network] of pool.readyNetworks) fleet.views.get(id)!.network = network;
      pool.onCamera((id, power, network) => {
        const v = fleet.views.get(id);
        if (v === undefined) return;
        v.power = power;
        v.network = network;
      });
      return fleet;
    }
    const models = [...new Set(mine.map((c) => c.modelId))].map((id) => resolveModel(def, id));
    const servers = await (opts.servers ?? startStandardServers)({
      log,
      clock,
      models,
      discovery,
      interfaceAddress,
      seed: def.seed,
    });
    const node = await FleetNode.start({
      def,
      plan,
      cameras: mine,
      recorders: plan.recorders.filter((r) => r.shard === shard.index),
      log,
      clock,
      registry,
      servers,
    });
    return new Fleet(def, plan, { log, clock, shard, registry, executor: wrap(node.faults) }, node, undefined);
  }

  /** Every camera of this shard with its URLs and credentials, as `camlab sim` writes it. */
  inventory(api?: string): Inventory {
    const admin = this.plan.users[0]!;
    const cameras: InventoryCamera[] = [];
    for (const v of this.views.values()) {
      if (v.plan.shard !== this.shard.index) continue;
      cameras.push({
        id: v.plan.id,
        name: v.plan.name,
        site: v.plan.site,
        location: this.def.sites.find((s) => s.name === v.plan.site)?.location ?? v.plan.site,
        model: v.model.id,
        manufacturer: v.model.manufacturer,
        address: v.network.address,
        rtspPort: v.network.rtspPort,
        onvifPort: v.network.onvifPort,
        rtsp: {
          main: rtspUrl(v, 'main'),
          sub: rtspUrl(v, v.model.profiles.some((p) => p.name === 'sub') ? 'sub' : 'main'),
        },
        onvif: onvifUrl(v),
        snapshot: snapshotUrl(v),
        ptz: v.plan.ptz,
        username: admin.username,
        password: admin.password,
        shard: v.plan.shard,
      });
    }
    const recorders: InventoryRecorder[] = [];
    for (const library of this.recordings.libraries()) {
      if (library.storage !== 'recorder') continue;
      const planned = this.plan.recorders.find((r) => r.id === library.deviceId)!;
      const device = library.device;
      recorders.push({
        id: device.id,
        site: device.site,
        address: device.network.address,
        rtspPort: device.network.rtspPort,
        onvifPort: device.network.onvifPort,
        onvif: onvifUrl(device),
        channels: planned.channels,
        username: planned.users[0]!.username,
        password: planned.users[0]!.password,
        shard: planned.shard,
      });
    }
    return {
      generatedAt: new Date(this.clock.now()).toISOString(),
      api,
      shard: this.shard.count > 1 ? this.shard : undefined,
      sites: this.def.sites.map((s) => ({
        name: s.name,
        addressBlock: s.addressBlock,
        controlRoom: s.controlRoom,
        bandwidthKbps: s.bandwidthKbps,
        cameras: cameras.filter((c) => c.site === s.name).length,
      })),
      cameras,
      ...(recorders.length > 0 ? { recorders } : {}),
    };
  }

  /** This shard's cameras as the fleet sees them (state and current address). */
  fleetCameras(): FleetCamera[] {
    return [...this.views.values()].filter((v) => v.plan.shard === this.shard.index);
  }

  async cameraDetail(id: string): Promise<CameraDetail | undefined> {
    const v = this.views.get(id);
    if (v === undefined || v.plan.shard !== this.shard.index) return undefined;
    const status: CameraStatus | undefined =
      this.node !== undefined ? this.node.status(id) : await this.pool!.status(id);
    return {
      id,
      name: v.plan.name,
      site: v.plan.site,
      model: v.model.id,
      shard: v.plan.shard,
      state: status?.power ?? v.power,
      address: v.network.address,
      rtsp: { main: rtspUrl(v, 'main'), sub: rtspUrl(v, 'sub') },
      onvif: onvifUrl(v),
      ptz: v.plan.ptz,
      ptzPosition: status?.ptzPosition,
      faults: this.faultController.forCamera(id),
      sessions: this.sessions.sessions(id),
      users: status?.users ?? [],
    };
  }

  applyFault(req: FaultRequest): Promise<{ id: string }> {
    return this.faultController.apply(req);
  }

  clearFault(id: string): Promise<void> {
    return this.faultController.clear(id);
  }

  faults(): FaultInfo[] {
    return this.faultController.list();
  }

  /** Adds users to cameras (each hub instance gets its own, so sessions are attributed by user). */
  async addUsers(cameraIds: readonly string[], users: readonly CameraUser[]): Promise<void> {
    if (this.node !== undefined) this.node.addUsers(cameraIds, users);
    else await this.pool!.addUsers([...cameraIds], [...users]);
  }

  /** Takes users back from cameras, by username (the users a runner elsewhere added with addUsers). */
  async removeUsers(cameraIds: readonly string[], usernames: readonly string[]): Promise<void> {
    if (this.node !== undefined) this.node.removeUsers(cameraIds, usernames);
    else await this.pool!.removeUsers([...cameraIds], [...usernames]);
  }

  get workerCount(): number {
    return this.pool?.size ?? 0;
  }

  /** The worker threads' cumulative event-loop utilisation (none without workers): how busy the cameras' own threads are. */
  workerLoopUtilization(): EventLoopUtilization[] {
    return this.pool?.eventLoopUtilization() ?? [];
  }

  /** Stops every listener, worker and timer. Idempotent: later calls return the same promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.faultController.close();
      // What each recorder kept, as of the run's end: the record rec-hub's requirements judge.
      this.recordings.report(this.log);
      this.unsubscribe();
      await Promise.all([this.node?.close(), this.pool?.close()]);
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
