import type { FleetDefinition } from '../../fleet/fleet-schema.ts';
import { builtinFaultKinds } from '../builtin-fault-kinds.ts';
import type { FaultExecutor } from '../fault-request.ts';
import { KernelFaultExecutor } from './kernel-fault-executor.ts';
import { SiteLink } from './site-link.ts';

/** A kernel-mode shard serves exactly one site; asked to shape more, it refuses. */
export class KernelShardSitesError extends Error {
  constructor(readonly siteCount: number) {
    super(`a kernel-mode shard shapes one site's uplink; the fleet here has ${siteCount} sites`);
    this.name = 'KernelShardSitesError';
  }
}

/**
 * The fault executor of a kernel-mode site shard (`camlab sim --kernel-link DEVICE`): shared
 * bandwidth caps and loss on its whole site shape the site's uplink `device` in the kernel;
 * everything else stays with `inner`, in user space.
 */
export function kernelShardFaultExecutor(
  def: FleetDefinition,
  device: string,
): (inner: FaultExecutor) => FaultExecutor {
  if (def.sites.length !== 1) throw new KernelShardSitesError(def.sites.length);
  const site = def.sites[0]!;
  const cameraCount = site.cameras.reduce((n, g) => n + g.count, 0);
  return (inner) =>
    new KernelFaultExecutor({
      inner,
      link: new SiteLink(device, undefined, site.addressBlock),
      registry: builtinFaultKinds(),
      site: { name: site.name, addressBlock: site.addressBlock, bandwidthKbps: site.bandwidthKbps, cameraCount },
    });
}
