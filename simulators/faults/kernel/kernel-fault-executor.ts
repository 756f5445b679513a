import type { FaultSite } from '../fault-kind.ts';
import type { FaultRegistry } from '../fault-registry.ts';
import type { FaultExecutor, ResolvedFault } from '../fault-request.ts';

/** What the executor shapes: a SiteLink, or a stand-in in tests. */
export interface ShapedLink {
  setRate(rateKbps: number | null): Promise<void>;
  setDrop(ratio: number | null): Promise<void>;
}

/**
 * The fault executor of a site shard in kernel mode. A `loss` fault on the whole site, or a
 * shared `bandwidth` fault on the whole site, shapes the site's uplink in the kernel (nft random
 * drop, tbf); everything else (per-camera caps, part of a site, every other kind, and delay,
 * which needs netem) goes to the user-space executor as before. Stacked faults combine: the
 * lowest cap holds, and drop ratios compound as independent losses do.
 */
export class KernelFaultExecutor implements FaultExecutor {
  private readonly rates = new Map<string, number>();
  private readonly drops = new Map<string, number>();

  constructor(
    private readonly opts: {
      inner: FaultExecutor;
      link: ShapedLink;
      registry: FaultRegistry;
      site: FaultSite;
    },
  ) {}

  /** Whether a fault becomes kernel shaping: undefined when it stays in user space. */
  private shaping(fault: ResolvedFault): { rateKbps: number } | { dropRatio: number } | undefined {
    if (fault.kind !== 'bandwidth' && fault.kind !== 'loss') return undefined;
    const wholeSite =
      fault.targetCountBySite[this.opts.site.name] === this.opts.site.cameraCount &&
      Object.keys(fault.targetCountBySite).length === 1;
    if (!wholeSite) return undefined;
    const cfg = this.opts.registry.get(fault.kind)!.schema.parse(fault.params) as {
      limit?: number;
      shared?: boolean;
      ratio?: number;
    };
    if (fault.kind === 'loss') return { dropRatio: cfg.ratio! };
    if (cfg.shared !== true) return undefined;
    const rateKbps = cfg.limit ?? this.opts.site.bandwidthKbps;
    return rateKbps === undefined ? undefined : { rateKbps };
  }

  async apply(fault: ResolvedFault): Promise<void> {
    const shaping = this.shaping(fault);
    if (shaping === undefined) return this.opts.inner.apply(fault);
    if ('rateKbps' in shaping) {
      this.rates.set(fault.id, shaping.rateKbps);
      await this.opts.link.setRate(this.rate());
    } else {
      this.drops.set(fault.id, shaping.dropRatio);
      await this.opts.link.setDrop(this.drop());
    }
  }

  async clear(id: string): Promise<void> {
    if (this.rates.delete(id)) return this.opts.link.setRate(this.rate());
    if (this.drops.delete(id)) return this.opts.link.setDrop(this.drop());
    return this.opts.inner.clear(id);
  }

  private rate(): number | null {
    return this.rates.size === 0 ? null : Math.min(...this.rates.values());
  }

  private drop(): number | null {
    if (this.drops.size === 0) return null;
    let kept = 1;
    for (const r of this.drops.values()) kept *= 1 - r;
    return 1 - kept;
  }
}
