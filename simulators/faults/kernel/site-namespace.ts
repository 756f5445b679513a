import { execFileSync } from 'node:child_process';
import { AddressBlock } from '../../fleet/address-block.ts';
import { KernelCommandError } from './kernel-command-error.ts';
import { createSiteCommands, deleteSiteCommands, type SiteNamespaceSpec } from './kernel-commands.ts';
import { runKernelCommand } from './run-kernel-command.ts';
import { SiteLink } from './site-link.ts';

/** Linux limits interface names to 15 characters. */
const maxDeviceNameLength = 15;
const netnsPrefix = 'camlab-';
/** What `ip` says when the thing to delete is already gone. */
const alreadyGone = /No such file|Cannot find device|does not exist/i;

/** This run's id in namespace names: the process id (base 36), so leftovers of a dead run can be found. */
export function kernelRunId(pid: number = process.pid): string {
  return pid.toString(36);
}

/** The namespace and veth names of the site at `siteIndex` in run `runId`. Pure. */
export function siteNamespaceNames(
  runId: string,
  siteIndex: number,
  siteName: string,
): Pick<SiteNamespaceSpec, 'netns' | 'hostDevice' | 'nsDevice'> {
  const stem = `c${runId}s${siteIndex}`;
  if (stem.length + 1 > maxDeviceNameLength)
    throw new RangeError(
      `run id '${runId}' and site ${siteIndex} make the device name '${stem}h' longer than ${maxDeviceNameLength} characters`,
    );
  return { netns: `${netnsPrefix}${runId}-${siteName}`, hostDevice: `${stem}h`, nsDevice: `${stem}n` };
}

/** The full spec of a site's namespace: its link is the siteIndex-th /30 of linkBlock. Pure. */
export function siteNamespaceSpec(opts: {
  runId: string;
  siteIndex: number;
  siteName: string;
  cameraBlock: string;
  linkBlock: string;
}): SiteNamespaceSpec {
  const camera = AddressBlock.of(opts.cameraBlock);
  if (AddressBlock.of('127.0.0.0/8').contains(camera.host(0)))
    throw new RangeError(
      `site '${opts.siteName}': ${opts.cameraBlock} is loopback, which never leaves a namespace; give the site a block such as 10.213.1.0/24`,
    );
  const link = AddressBlock.of(opts.linkBlock).subBlock(opts.siteIndex, 30);
  const linkBase = link.host(0);
  if (camera.contains(linkBase) || AddressBlock.of(opts.linkBlock).contains(camera.host(0)))
    throw new RangeError(
      `site '${opts.siteName}': the link block ${opts.linkBlock} overlaps the cameras' block ${opts.cameraBlock}`,
    );
  return {
    ...siteNamespaceNames(opts.runId, opts.siteIndex, opts.siteName),
    hostAddress: link.host(0),
    nsAddress: link.host(1),
    linkPrefix: 30,
    cameraBlock: opts.cameraBlock,
  };
}

async function deleteIfPresent(argv: readonly string[]): Promise<void> {
  try {
    await runKernelCommand(argv);
  } catch (err) {
    if (!(err instanceof KernelCommandError) || !alreadyGone.test(err.stderr)) throw err;
  }
}

/**
 * One site in its own network namespace: a veth pair to the host, the cameras' block local
 * inside and routed to from the host, and the namespace end of the pair as the site's uplink
 * (shaped with tbf and nft). close() deletes everything by name, so it also cleans up after a
 * crashed shard and may be called any number of times.
 */
export class SiteNamespace {
  readonly link: SiteLink;
  private closing: Promise<void> | undefined;

  private constructor(readonly spec: SiteNamespaceSpec) {
    this.link = new SiteLink(spec.nsDevice, spec.netns, spec.cameraBlock);
  }

  /** Creates the namespace; on any failure removes what was made and rethrows the command's error. */
  static async create(spec: SiteNamespaceSpec): Promise<SiteNamespace> {
    const site = new SiteNamespace(spec);
    try {
      for (const argv of createSiteCommands(spec)) await runKernelCommand(argv);
    } catch (err) {
      await site.close().catch(() => undefined);
      throw err;
    }
    return site;
  }

  /** Deletes a site's namespace and veth by name; nothing to delete is fine. */
  static async remove(spec: Pick<SiteNamespaceSpec, 'netns' | 'hostDevice'>): Promise<void> {
    for (const argv of deleteSiteCommands(spec)) await deleteIfPresent(argv);
  }

  /**
   * remove(), synchronously and ignoring failures: for a process 'exit' handler (a second
   * Ctrl-C, an uncaught error), where nothing asynchronous runs any more.
   */
  static removeNow(spec: Pick<SiteNamespaceSpec, 'netns' | 'hostDevice'>): void {
    for (const argv of deleteSiteCommands(spec)) {
      try {
        execFileSync(argv[0]!, argv.slice(1), { stdio: 'ignore', timeout: 5_000 });
      } catch {
        // Already gone, or nothing more can be done while exiting.
      }
    }
  }

  /** Deletes the namespaces of earlier runs whose process is gone (a crash leaves them behind). */
  static async removeStale(): Promise<string[]> {
    const removed: string[] = [];
    for (const line of (await runKernelCommand(['ip', 'netns', 'list'])).split('\n')) {
      const m = /^camlab-([0-9a-z]+)-\S+/.exec(line);
      if (m === null || processAlive(parseInt(m[1]!, 36))) continue;
      await deleteIfPresent(['ip', 'netns', 'del', m[0]]);
      removed.push(m[0]);
    }
    return removed;
  }

  setRate(rateKbps: number | null): Promise<void> {
    return this.link.setRate(rateKbps);
  }

  setDrop(ratio: number | null): Promise<void> {
    return this.link.setDrop(ratio);
  }

  close(): Promise<void> {
    this.closing ??= SiteNamespace.remove(this.spec);
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
