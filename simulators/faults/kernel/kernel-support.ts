import { readFile } from 'node:fs/promises';
import { KernelCommandError } from './kernel-command-error.ts';
import { dropCommands, rateCommand, type Argv } from './kernel-commands.ts';
import { runKernelCommand } from './run-kernel-command.ts';
import { kernelRunId } from './site-namespace.ts';

export type KernelSupport = { ok: true } | { ok: false; reasons: string[] };

/** CAP_NET_ADMIN is bit 12 of the capability sets (linux/capability.h). */
const capNetAdminBit = 12n;

/** Whether CapEff in /proc/self/status holds CAP_NET_ADMIN; undefined where there is no /proc. */
async function hasNetAdmin(): Promise<boolean | undefined> {
  try {
    const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(await readFile('/proc/self/status', 'utf8'));
    return m === null ? undefined : ((BigInt(`0x${m[1]}`) >> capNetAdminBit) & 1n) === 1n;
  } catch {
    return undefined;
  }
}

function why(err: unknown): string {
  return err instanceof KernelCommandError ? err.message : String(err);
}

/**
 * Whether kernel mode can run here: Linux, CAP_NET_ADMIN (root has it), `ip`, `tc` and `nft` on
 * PATH, and a throwaway namespace that takes a tbf qdisc and an nft drop rule. Returns every
 * reason it cannot, in words a user can act on.
 */
export async function detectKernelSupport(): Promise<KernelSupport> {
  if (process.platform !== 'linux')
    return { ok: false, reasons: [`kernel mode needs Linux network namespaces; this is ${process.platform}`] };
  const reasons: string[] = [];
  const netAdmin = await hasNetAdmin();
  if (netAdmin === false)
    reasons.push(
      'this process lacks CAP_NET_ADMIN: run as root or grant it (e.g. setcap, or docker run --cap-add NET_ADMIN)',
    );
  const tools: [string, Argv, string][] = [
    ['ip', ['ip', '-V'], 'iproute2'],
    ['tc', ['tc', '-V'], 'iproute2'],
    ['nft', ['nft', '--version'], 'nftables'],
  ];
  for (const [name, argv, pkg] of tools) {
    try {
      await runKernelCommand(argv);
    } catch (err) {
      reasons.push(`'${name}' does not run (${why(err)}); install the Debian package ${pkg}`);
    }
  }
  if (reasons.length > 0) return { ok: false, reasons };
  // Named like a site of this run, so a sweep of dead runs' namespaces elsewhere leaves it alone.
  const probe = `camlab-${kernelRunId()}-probe`;
  try {
    await runKernelCommand(['ip', 'netns', 'add', probe]);
  } catch (err) {
    return { ok: false, reasons: [`cannot create a network namespace: ${why(err)}`] };
  }
  try {
    await runKernelCommand(['ip', '-n', probe, 'link', 'set', 'lo', 'up']);
    try {
      await runKernelCommand(rateCommand(probe, 'lo', 1_000));
    } catch (err) {
      reasons.push(`tc cannot add a tbf qdisc (kernel module sch_tbf?): ${why(err)}`);
    }
    try {
      for (const argv of dropCommands(probe, 'lo', 0.5)) await runKernelCommand(argv);
    } catch (err) {
      reasons.push(`nft cannot add a random drop rule (kernel nf_tables?): ${why(err)}`);
    }
  } finally {
    await runKernelCommand(['ip', 'netns', 'del', probe]).catch(() => undefined);
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}
