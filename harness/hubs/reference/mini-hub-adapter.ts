import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { Capability, HubAdapter, HubContext, HubIdentity } from '../hub-adapter.ts';
import { MiniHub, type MiniHubOptions } from './mini-hub.ts';
import { miniHubVariants, type MiniHubVariant } from './pull-policy.ts';

/**
 * Drives a mini hub for the runner: it starts with the run, is provisioned and released per
 * camera, and its offline alarms reach the observation log. What it records is what it did;
 * whether that was right is for harness/verdicts.
 */
export class MiniHubAdapter implements HubAdapter {
  readonly kind: string;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(['start', 'provision', 'alarms']);
  private hub: MiniHub | undefined;
  private ctx: HubContext | undefined;
  private closed = false;

  constructor(
    readonly variant: MiniHubVariant,
    private readonly testHooks: Pick<MiniHubOptions, 'spawn' | 'resolveUri' | 'knock'> = {},
  ) {
    this.kind = `mini-hub:${variant}`;
  }

  async open(ctx: HubContext): Promise<void> {
    this.ctx = ctx;
    this.hub = new MiniHub({
      policy: miniHubVariants[this.variant],
      clock: ctx.clock,
      onAlarm: (camera, state) => ctx.log.record({ kind: 'hub.alarm', atMs: ctx.clock.now(), hub: ctx.instance, camera, alarm: 'offline', state }),
      ...this.testHooks,
    });
  }

  async identity(): Promise<HubIdentity> {
    return { name: `camlab mini hub (${this.variant})`, vendor: 'camlab test fixtures', version: '1' };
  }

  async provision(cameras: readonly InventoryCamera[]): Promise<void> {
    const { hub, ctx } = this.ready();
    for (const c of cameras) ctx.log.record({ kind: 'hub.provisioned', atMs: ctx.clock.now(), hub: ctx.instance, camera: c.id, profile: 'main' });
    await Promise.all(cameras.map((c) => hub.add(c)));
  }

  async release(cameras: readonly InventoryCamera[]): Promise<void> {
    const { hub, ctx } = this.ready();
    for (const c of cameras) {
      // The release is recorded as asked for: that the hub ignores it is what the verdicts must see.
      ctx.log.record({ kind: 'hub.released', atMs: ctx.clock.now(), hub: ctx.instance, camera: c.id });
      hub.release(c.id);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.hub?.close();
  }

  private ready(): { hub: MiniHub; ctx: HubContext } {
    if (this.hub === undefined || this.ctx === undefined) throw new Error(`${this.kind}: open() first`);
    if (this.closed) throw new Error(`${this.kind}: closed`);
    return { hub: this.hub, ctx: this.ctx };
  }
}
