import type { Camera } from '../camera/camera.ts';
import type { Clock } from '../clock/clock.ts';
import type { ActiveFault, FaultHooks } from './fault.ts';
import type { FaultContext, FaultProcess, FaultSite } from './fault-kind.ts';
import type { FaultRegistry } from './fault-registry.ts';
import type { FaultExecutor, ResolvedFault } from './fault-request.ts';
import { seededRandom } from './seeded-random.ts';

interface Running {
  fault: ResolvedFault;
  process: FaultProcess;
  cameras: Camera[];
}

/** The hooks of one fault on one camera, bound once at apply so the hot path makes no closures. */
function activeFault(
  id: string,
  kind: string,
  params: Record<string, unknown>,
  hooks: FaultHooks | undefined,
): ActiveFault {
  return {
    id,
    kind,
    params,
    onConnection: hooks?.onConnection?.bind(hooks),
    onFrame: hooks?.onFrame?.bind(hooks),
    onSoapRequest: hooks?.onSoapRequest?.bind(hooks),
    discoverable: hooks?.discoverable?.bind(hooks),
    clockOffsetMs: hooks?.clockOffsetMs?.bind(hooks),
    nonceLifetimeMs: hooks?.nonceLifetimeMs?.bind(hooks),
    close: () => undefined,
  };
}

/**
 * Applies faults to the cameras of this process: creates the kind's process, puts its hooks
 * into each camera's chain, runs its start effects; clearing reverses that order.
 */
export class FaultRunner implements FaultExecutor {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly opts: {
      registry: FaultRegistry;
      clock: Clock;
      camera(id: string): Camera | undefined;
      siteIndexOf(camera: Camera): number;
      sites(): ReadonlyMap<string, FaultSite>;
    },
  ) {}

  apply(fault: ResolvedFault): Promise<void> {
    this.applyNow(fault);
    return Promise.resolve();
  }

  clear(id: string): Promise<void> {
    this.clearNow(id);
    return Promise.resolve();
  }

  applyNow(fault: ResolvedFault): void {
    const kind = this.opts.registry.get(fault.kind);
    if (kind === undefined) throw new RangeError(`unknown fault kind '${fault.kind}'`);
    const cfg = kind.schema.parse(fault.params) as Record<string, unknown>;
    const cameras = fault.cameras.map((id) => this.opts.camera(id)).filter((c): c is Camera => c !== undefined);
    const ctx: FaultContext = {
      id: fault.id,
      clock: this.opts.clock,
      cameras,
      sites: this.opts.sites(),
      targetCountBySite: new Map(Object.entries(fault.targetCountBySite)),
      siteIndexOf: (c) => this.opts.siteIndexOf(c),
      random: seededRandom(fault.seed),
    };
    const process = kind.create(cfg, ctx);
    for (const camera of cameras) camera.addFault(activeFault(fault.id, fault.kind, cfg, process.hooksFor?.(camera)));
    this.running.set(fault.id, { fault, process, cameras });
    process.start?.();
  }

  clearNow(id: string): void {
    const r = this.running.get(id);
    if (r === undefined) return;
    this.running.delete(id);
    for (const camera of r.cameras) camera.removeFault(id);
    r.process.close();
  }
}
