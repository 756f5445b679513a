import type { Capability, HubAdapter, HubContext, HubIdentity } from './hub-adapter.ts';

/**
 * `--hub none`: a hub someone started by hand, provisioned from the inventory file. camlab
 * neither starts nor drives it, so it has no capability: every verdict rests on what the cameras
 * saw, and requirements needing alarms, recordings, PTZ or egress are NOT APPLICABLE.
 */
export class NoneAdapter implements HubAdapter {
  readonly kind = 'none';
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>();
  private instance = 'hub';

  open(ctx: HubContext): Promise<void> {
    this.instance = ctx.instance;
    return Promise.resolve();
  }

  identity(): Promise<HubIdentity> {
    return Promise.resolve({ name: `external hub '${this.instance}' (not driven by camlab)` });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
