import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetDefinition } from '../../fleet/fleet-schema.ts';
import type { Inventory } from '../../fleet/inventory.ts';
import type { SiteNamespaceSpec } from './kernel-commands.ts';
import { kernelRunId, SiteNamespace, siteNamespaceSpec } from './site-namespace.ts';
import { SiteShardProcess } from './site-shard-process.ts';

export interface KernelModeOptions {
  def: FleetDefinition;
  /** harness/cli/bin.js (simulators never import the harness). */
  cliEntry: string;
  /** Each site's link is the next /30 of this block (default 10.214.0.0/16). */
  linkBlock: string;
  /** Each site serves its control API on its namespace address at this port. */
  apiPort: number;
  /** Bearer token of the sites' APIs (they listen off loopback). */
  apiToken: string;
  /** More `camlab sim` arguments for every site (--seed, --no-discovery, --workers). */
  simArgs?: readonly string[];
  runId?: string;
}

/** Every site's namespace spec; throws RangeError naming the site when its block cannot work (loopback, overlap). Pure. */
export function kernelSiteSpecs(def: FleetDefinition, linkBlock: string, runId: string): SiteNamespaceSpec[] {
  return def.sites.map((s, i) =>
    siteNamespaceSpec({ runId, siteIndex: i, siteName: s.name, cameraBlock: s.addressBlock, linkBlock }),
  );
}

interface KernelSite {
  name: string;
  namespace: SiteNamespace;
  shard?: SiteShardProcess;
}

/**
 * `camlab sim --kernel-mode`: every site of the fleet in its own network namespace, served by
 * its own `camlab sim` inside it with its own control API; bandwidth and loss on a whole site
 * are tbf and nft on the namespace's uplink. close() stops the shards by PID and deletes the
 * namespaces by name.
 */
export class KernelModeFleet {
  private closing: Promise<void> | undefined;
  /** Deletes the namespaces if the process exits before close() (exit at once on a second Ctrl-C). */
  private readonly onExit = (): void => {
    for (const s of this.sites) SiteNamespace.removeNow(s.namespace.spec);
    rmSync(this.dir, { recursive: true, force: true });
  };

  private constructor(
    private readonly sites: KernelSite[],
    private readonly dir: string,
  ) {
    process.once('exit', this.onExit);
  }

  static async start(opts: KernelModeOptions): Promise<KernelModeFleet> {
    const runId = opts.runId ?? kernelRunId();
    // Checked before anything is made: every site's names and addresses.
    const specs = kernelSiteSpecs(opts.def, opts.linkBlock, runId);
    await SiteNamespace.removeStale();
    const dir = await mkdtemp(join(tmpdir(), 'camlab-kernel-'));
    const sites: KernelSite[] = [];
    const fleet = new KernelModeFleet(sites, dir);
    try {
      // The fleet as parsed (env values resolved) for every shard; the temp dir is private to us.
      const fleetFile = join(dir, 'fleet.json');
      await writeFile(fleetFile, JSON.stringify(opts.def), { mode: 0o600 });
      for (const [i, spec] of specs.entries())
        sites.push({ name: opts.def.sites[i]!.name, namespace: await SiteNamespace.create(spec) });
      // Every start settles before a failure is reported, so close() stops each shard that did start.
      const started = await Promise.allSettled(
        sites.map(async (site, i) => {
          const spec = specs[i]!;
          const inventoryFile = join(dir, `${site.name}.json`);
          site.shard = await SiteShardProcess.start({
            netns: spec.netns,
            cliEntry: opts.cliEntry,
            simArgs: [
              '--fleet',
              fleetFile,
              '--sites',
              site.name,
              '--inventory',
              inventoryFile,
              '--kernel-link',
              spec.nsDevice,
              '--api',
              `${spec.nsAddress}:${opts.apiPort}`,
              ...(opts.simArgs ?? []),
            ],
            inventoryFile,
            env: { ...process.env, CAMLAB_API_TOKEN: opts.apiToken },
          });
        }),
      );
      const failed = started.find((r) => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    } catch (err) {
      await fleet.close();
      throw err;
    }
    return fleet;
  }

  /** The shards' inventories as one: every camera, and each site with the API that serves it. */
  get inventory(): Inventory {
    const parts = this.sites.map((s) => s.shard!.inventory);
    return {
      generatedAt: parts
        .map((p) => p.generatedAt)
        .sort()
        .at(-1)!,
      sites: parts.flatMap((p) => p.sites.map((site) => ({ ...site, api: p.api }))),
      cameras: parts.flatMap((p) => p.cameras),
    };
  }

  /** Each site's namespace (for reports and tests). */
  namespaces(): { site: string; namespace: SiteNamespace; pid?: number }[] {
    return this.sites.map((s) => ({ site: s.name, namespace: s.namespace, pid: s.shard?.pid }));
  }

  /** Stops every shard (by PID), then deletes every namespace; idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.sites.map((s) => s.shard?.stop()));
      await Promise.all(this.sites.map((s) => s.namespace.close()));
      process.off('exit', this.onExit);
      await rm(this.dir, { recursive: true, force: true });
    })();
    return this.closing;
  }
}
