import type { Clock } from '../../simulators/clock/clock.ts';
import type { VirtualClock } from '../../simulators/clock/virtual-clock.ts';
import type { Inventory, InventoryCamera } from '../../simulators/fleet/inventory.ts';
import { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { Capability, HubAdapter, HubContext, HubIdentity, PtzCommand } from '../hubs/hub-adapter.ts';
import type { Plan } from '../plan/plan-types.ts';
import type { RunFaultRequest, RunFleet } from './run-fleet.ts';

/** A fleet that records what the runner asks of it, for runner tests without sockets. */
export class FakeFleet implements RunFleet {
  readonly log: ObservationLog;
  readonly calls: string[] = [];
  closed = 0;
  private nextId = 1;
  private readonly addresses = new Map<string, string>();

  constructor(
    private readonly plan: Plan,
    private readonly clock: Clock,
    maxObservations?: number,
  ) {
    this.log = new ObservationLog(maxObservations);
    plan.cameras.forEach((c, i) => this.addresses.set(c.id, `127.14.0.${i + 1}`));
  }

  inventory(): Inventory {
    const cameras: InventoryCamera[] = this.plan.cameras.map((c) => {
      const address = this.addresses.get(c.id)!;
      return {
        id: c.id,
        name: c.id,
        site: c.site,
        model: c.model,
        manufacturer: 'fake',
        address,
        rtspPort: 554,
        onvifPort: 80,
        rtsp: { main: `rtsp://${address}/main`, sub: `rtsp://${address}/sub` },
        onvif: `http://${address}/onvif/device_service`,
        snapshot: `http://${address}/snapshot.jpg`,
        ptz: c.ptz,
        username: 'admin',
        password: 'camlab',
        shard: 0,
      };
    });
    return {
      generatedAt: new Date(this.clock.now()).toISOString(),
      sites: this.plan.sites.map((s) => ({ name: s.name, addressBlock: '127.14.0.0/24', cameras: s.cameras.length })),
      cameras,
    };
  }

  applyFault(request: RunFaultRequest): Promise<{ id: string }> {
    const id = `fault-${this.nextId++}`;
    const cameras = request.target.cameras ?? [];
    this.calls.push(`${this.clock.now()} apply ${request.kind} ${cameras.join(',')} ${JSON.stringify(request.params)}`);
    if (request.kind === 'readdress')
      for (const c of cameras) this.addresses.set(c, `127.14.1.${cameras.indexOf(c) + 1}`);
    this.log.record({
      kind: 'fault.applied',
      atMs: this.clock.now(),
      faultId: id,
      fault: request.kind,
      cameras,
      params: request.params,
    });
    return Promise.resolve({ id });
  }

  clearFault(id: string): Promise<void> {
    this.calls.push(`${this.clock.now()} clear ${id}`);
    this.log.record({
      kind: 'fault.cleared',
      atMs: this.clock.now(),
      faultId: id,
      fault: 'x',
      cameras: [],
      params: {},
    });
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

/**
 * A hub that pretends to pull: `pullDelayMs` after being provisioned it records an RTSP session
 * under its camera user on each camera, as a real hub would be seen from the camera side.
 */
export class FakeHub implements HubAdapter {
  readonly kind = 'fake';
  readonly capabilities: ReadonlySet<Capability>;
  readonly calls: string[] = [];
  ctx: HubContext | undefined;
  closed = 0;
  private session = 1;

  constructor(
    capabilities: Capability[],
    /** null: never pulls. */
    private readonly pullDelayMs: number | null = 1_000,
  ) {
    this.capabilities = new Set(capabilities);
  }

  open(ctx: HubContext): Promise<void> {
    this.ctx = ctx;
    return Promise.resolve();
  }

  identity(): Promise<HubIdentity> {
    return Promise.resolve({ name: 'fake hub', version: '1.0' });
  }

  provision(cameras: readonly InventoryCamera[]): Promise<void> {
    const ctx = this.ctx!;
    this.calls.push(
      `${ctx.clock.now()} provision ${cameras.map((c) => `${c.id}@${c.address}:${c.username}`).join(',')}`,
    );
    if (this.pullDelayMs !== null) {
      ctx.clock.setTimeout(() => {
        for (const c of cameras) {
          const session = `s${this.session++}`;
          ctx.log.record({
            kind: 'rtsp.session.open',
            atMs: ctx.clock.now(),
            camera: c.id,
            client: '127.0.0.1:5000',
            session,
            profile: 'main',
            transport: 'tcp',
            user: c.username,
          });
          ctx.log.record({
            kind: 'rtsp.session.play',
            atMs: ctx.clock.now(),
            camera: c.id,
            client: '127.0.0.1:5000',
            session,
            profile: 'main',
          });
        }
      }, this.pullDelayMs);
    }
    return Promise.resolve();
  }

  release(cameras: readonly InventoryCamera[]): Promise<void> {
    this.calls.push(`${this.ctx!.clock.now()} release ${cameras.map((c) => `${c.id}@${c.address}`).join(',')}`);
    return Promise.resolve();
  }

  ptz(camera: InventoryCamera, command: PtzCommand): Promise<void> {
    this.calls.push(`${this.ctx!.clock.now()} ptz ${camera.id} ${command.kind}`);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

/** Advances a VirtualClock in small steps, letting promises settle between steps, until `work` settles. */
export async function drive<T>(clock: VirtualClock, work: Promise<T>, stepMs = 250, maxMs = 3_600_000): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  for (let elapsed = 0; !settled; elapsed += stepMs) {
    await new Promise((resolve) => setImmediate(resolve));
    if (settled) break;
    if (elapsed > maxMs) throw new Error(`still running after ${maxMs} ms of virtual time`);
    clock.advance(stepMs);
  }
  return done;
}
