import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs } from '../parse-command-args.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { installInterruptHandler } from '../interrupt-handler.ts';
import { seedRange, wholeNumberOption } from '../number-option.ts';
import { InputError, readYamlFile } from '../../../simulators/config/yaml-document.ts';
import { ApiTokenRequiredError, ControlApiServer } from '../../../simulators/api/control-api-server.ts';
import { AddressBlock } from '../../../simulators/fleet/address-block.ts';
import { kernelSiteSpecs, KernelModeFleet } from '../../../simulators/faults/kernel/kernel-mode-fleet.ts';
import { detectKernelSupport } from '../../../simulators/faults/kernel/kernel-support.ts';
import { kernelRunId } from '../../../simulators/faults/kernel/site-namespace.ts';
import {
  KernelShardSitesError,
  kernelShardFaultExecutor,
} from '../../../simulators/faults/kernel/kernel-shard-executor.ts';
import { SIM_READY_MESSAGE } from '../../../simulators/faults/kernel/site-shard-process.ts';
import { Fleet, type FleetOptions } from '../../../simulators/fleet/fleet.ts';
import { fleetFromCount, fleetSchema, type FleetDefinition } from '../../../simulators/fleet/fleet-schema.ts';
import type { Inventory } from '../../../simulators/fleet/inventory.ts';
import { formatInventoryTable } from '../../../simulators/fleet/inventory-table.ts';
import { mergeInventories } from '../../../simulators/fleet/merge-inventories.ts';
import { shardInventorySchema } from '../../runner/shards/shard-api-schemas.ts';

const usage = `Usage: camlab sim [--fleet FILE | --cameras N] [options]
       camlab sim --merge INVENTORY.json... [--inventory FILE|-]

Runs a fleet of emulated ONVIF cameras (RTSP streams, ONVIF, snapshots, WS-Discovery) for a
hub you test by hand, prints each camera's URLs and credentials, and runs until Ctrl-C (the
first stops cleanly, a second exits at once).

  --fleet FILE             a fleet file (sites, models, counts, users); see scenarios/fleets/
  --cameras N              N cameras on one site (or spread over --sites): one in four a PTZ dome
  --sites A,B,...          with --cameras: the site names; with --fleet: serve only these sites
  --address-block CIDR     with --cameras: where camera addresses come from (default 127.20.0.0/16)
  --inventory FILE|-       write the inventory JSON once every listener is up ('-' = stdout)
  --api HOST:PORT          serve the control API (faults, observations, /metrics), e.g. 127.0.0.1:8080
  --api-token TOKEN        bearer token for the API (required off loopback; or CAMLAB_API_TOKEN)
  --port-mode              all cameras on one address, consecutive ports (for hubs on other machines)
  --bind ADDRESS           with --port-mode: the address (default 127.0.0.1; 0.0.0.0 for every interface)
  --base-port N            with --port-mode: camera i gets RTSP N+2i and ONVIF N+2i+1 (default 20000)
  --shard I/N              serve the I-th of N slices of the fleet (several machines); merge with --merge
  --workers N|auto         spread cameras over N worker threads (auto = one per core; default 0 = this thread)
  --no-discovery           do not answer WS-Discovery
  --seed N                 seed for share targets and random faults (default: the fleet's)
  --merge FILE...          merge shard inventories into one and exit
  --kernel-mode            every site in its own network namespace (needs root or CAP_NET_ADMIN, ip, tc,
                           nft): shared bandwidth caps and loss on a whole site become tbf and nftables
                           drop on the site's uplink; each site serves its control API on its namespace
                           address, port 8080 (see simulators/faults/README.md). Exits 2 where unsupported
  --kernel-link-block CIDR with --kernel-mode: each site's link is the next /30 (default 10.214.0.0/16)
  --kernel-link DEVICE     set by --kernel-mode on each site's shard: shape this uplink in the kernel

Each camera gets its own 127.x.y.z address with ONVIF on port 80 and RTSP on 554 where this
process may bind them (root), else 8080 and 8554.`;

export interface SimArgs {
  fleet?: string;
  cameras?: number;
  sites?: string[];
  addressBlock: string;
  inventory?: string;
  api?: { host: string; port: number };
  apiToken?: string;
  portMode: boolean;
  bind?: string;
  basePort?: number;
  shard?: { index: number; count: number };
  workers: number | 'auto';
  discovery: boolean;
  seed?: number;
  merge?: string[];
  /** --kernel-mode: sites in network namespaces; their links carved from linkBlock. */
  kernelMode?: { linkBlock: string };
  /** A kernel-mode site shard: the uplink device it shapes. */
  kernelLink?: string;
}

function bad(message: string): CliError {
  return new CliError(`${message}\n\n${usage}`, ExitCode.badInput);
}

/** Parses and checks the arguments; throws CliError (exit 2) naming the bad flag. Pure. */
export function parseSimArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SimArgs {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      fleet: { type: 'string' },
      cameras: { type: 'string' },
      sites: { type: 'string' },
      'address-block': { type: 'string' },
      inventory: { type: 'string' },
      api: { type: 'string' },
      'api-token': { type: 'string' },
      'port-mode': { type: 'boolean' },
      bind: { type: 'string' },
      'base-port': { type: 'string' },
      shard: { type: 'string' },
      workers: { type: 'string' },
      'no-discovery': { type: 'boolean' },
      seed: { type: 'string' },
      merge: { type: 'boolean' },
      'kernel-mode': { type: 'boolean' },
      'kernel-link-block': { type: 'string' },
      'kernel-link': { type: 'string' },
    },
    usage,
  );
  const str = (k: keyof typeof values): string | undefined => values[k] as string | undefined;
  if (values.merge === true) {
    if (positionals.length === 0) throw bad('--merge expects the inventory files of every shard');
    return {
      merge: positionals,
      inventory: str('inventory'),
      addressBlock: '',
      portMode: false,
      workers: 0,
      discovery: false,
    };
  }
  if (positionals.length > 0) throw bad(`unexpected argument '${positionals[0]}'`);
  if (str('fleet') !== undefined && str('cameras') !== undefined)
    throw bad('give either --fleet or --cameras, not both');
  const addressBlock = str('address-block') ?? '127.20.0.0/16';
  const block = AddressBlock.parse(addressBlock);
  if (typeof block === 'string') throw bad(`--address-block: ${block}`);
  const args: SimArgs = {
    fleet: str('fleet'),
    cameras: wholeNumberOption('--cameras', str('cameras'), { min: 1, max: 100_000 }),
    sites: str('sites')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    addressBlock,
    inventory: str('inventory'),
    apiToken: str('api-token') ?? (env.CAMLAB_API_TOKEN || undefined),
    portMode: values['port-mode'] === true,
    bind: str('bind'),
    basePort: wholeNumberOption('--base-port', str('base-port'), { min: 1, max: 65_000 }),
    workers:
      str('workers') === 'auto' ? 'auto' : wholeNumberOption('--workers', str('workers'), { min: 0, max: 256 }, 0),
    discovery: values['no-discovery'] !== true,
    seed: wholeNumberOption('--seed', str('seed'), seedRange),
  };
  if (args.fleet === undefined && args.cameras === undefined) args.cameras = 4;
  if (args.sites !== undefined && args.sites.some((s) => !/^[a-z0-9][a-z0-9-]*$/.test(s)))
    throw bad(`--sites expects names of lower-case letters, digits and dashes, got '${str('sites')}'`);
  if (!args.portMode && (args.bind !== undefined || args.basePort !== undefined))
    throw bad('--bind and --base-port go with --port-mode');
  const api = str('api');
  if (api !== undefined) {
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(api);
    if (m === null) throw bad(`--api expects HOST:PORT such as 127.0.0.1:8080, got '${api}'`);
    args.api = {
      host: m[1]!.replace(/^\[|\]$/g, ''),
      port: wholeNumberOption('--api port', m[2]!, { min: 0, max: 65_535 }, 0),
    };
  }
  const shard = str('shard');
  if (shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    if (m === null || Number(m[1]) >= Number(m[2]) || Number(m[2]) < 1)
      throw bad(`--shard expects I/N with 0 <= I < N, such as 0/2, got '${shard}'`);
    args.shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  args.kernelLink = str('kernel-link');
  const linkBlock = str('kernel-link-block');
  if (values['kernel-mode'] === true) {
    const conflicts = (['shard', 'port-mode', 'api', 'kernel-link'] as const).filter((k) => values[k] !== undefined);
    if (conflicts.length > 0)
      throw bad(
        `--kernel-mode runs one shard per site, each with its own API on its namespace address; drop --${conflicts.join(', --')}`,
      );
    const parsed = AddressBlock.parse(linkBlock ?? defaultKernelLinkBlock);
    if (typeof parsed === 'string') throw bad(`--kernel-link-block: ${parsed}`);
    args.kernelMode = { linkBlock: linkBlock ?? defaultKernelLinkBlock };
  } else if (linkBlock !== undefined) {
    throw bad('--kernel-link-block goes with --kernel-mode');
  }
  return args;
}

async function loadFleet(args: SimArgs): Promise<FleetDefinition> {
  if (args.fleet === undefined) {
    try {
      return fleetFromCount(args.cameras!, { sites: args.sites, addressBlock: args.addressBlock, seed: args.seed });
    } catch (err) {
      throw bad((err as Error).message);
    }
  }
  let def: FleetDefinition;
  try {
    def = await readYamlFile(args.fleet, fleetSchema);
  } catch (err) {
    if (err instanceof InputError) throw new CliError(`invalid fleet file:\n${err.message}`, ExitCode.badInput);
    throw err;
  }
  if (args.seed !== undefined) def = { ...def, seed: args.seed };
  if (args.sites === undefined) return def;
  const unknown = args.sites.filter((s) => !def.sites.some((d) => d.name === s));
  if (unknown.length > 0)
    throw bad(
      `--sites: ${args.fleet} has no site ${unknown.join(', ')}; it has ${def.sites.map((s) => s.name).join(', ')}`,
    );
  return { ...def, sites: def.sites.filter((s) => args.sites!.includes(s.name)) };
}

async function writeInventory(target: string, inv: Inventory): Promise<void> {
  const json = `${JSON.stringify(inv, null, 2)}\n`;
  if (target === '-') {
    process.stdout.write(json);
    return;
  }
  // Whoever waits for the file never reads half of it.
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, json);
  await rename(tmp, target);
}

async function merge(args: SimArgs): Promise<ExitCode> {
  const parts: Inventory[] = [];
  for (const file of args.merge!) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new CliError(`cannot read inventory ${file}: ${(err as Error).message}`, ExitCode.badInput);
    }
    const parsed = shardInventorySchema.safeParse(json);
    if (!parsed.success)
      throw new CliError(
        `${file} is not a camlab inventory:\n${parsed.error.issues
          .slice(0, 5)
          .map((i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
          .join('\n')}`,
        ExitCode.badInput,
      );
    parts.push(parsed.data as Inventory);
  }
  let merged: Inventory;
  try {
    merged = mergeInventories(parts);
  } catch (err) {
    throw new CliError((err as Error).message, ExitCode.badInput);
  }
  await writeInventory(args.inventory ?? '-', merged);
  return ExitCode.ok;
}

const stopDeadlineMs = 10_000;
const defaultKernelLinkBlock = '10.214.0.0/16';
const kernelApiPort = 8080;

function waitForAbort(signal: AbortSignal): Promise<void> {
  return signal.aborted
    ? Promise.resolve()
    : new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** --kernel-mode: checks the sites and this machine, then one namespace and shard per site. */
async function runKernelMode(
  args: SimArgs,
  def: FleetDefinition,
  say: (line: string) => void,
  signal: AbortSignal,
): Promise<ExitCode> {
  try {
    kernelSiteSpecs(def, args.kernelMode!.linkBlock, kernelRunId());
  } catch (err) {
    throw bad(`--kernel-mode: ${(err as Error).message}`);
  }
  const support = await detectKernelSupport();
  // Never a silent fall-back: faults would act in user space while the user expects the kernel.
  if (!support.ok)
    throw new CliError(
      `--kernel-mode is not available on this machine:\n${support.reasons.map((r) => `  - ${r}`).join('\n')}\nRun without --kernel-mode to apply every fault in user space.`,
      ExitCode.badInput,
    );
  const apiToken = args.apiToken ?? randomBytes(16).toString('hex');
  const simArgs = [
    ...(args.discovery ? [] : ['--no-discovery']),
    ...(args.workers !== 0 ? ['--workers', String(args.workers)] : []),
  ];
  const startedMs = Date.now();
  let fleet: KernelModeFleet | undefined;
  try {
    fleet = await KernelModeFleet.start({
      def,
      cliEntry: fileURLToPath(new URL('../bin.js', import.meta.url)),
      linkBlock: args.kernelMode!.linkBlock,
      apiPort: kernelApiPort,
      apiToken,
      simArgs,
    });
    const inv = fleet.inventory;
    if (args.inventory !== undefined) await writeInventory(args.inventory, inv);
    say(formatInventoryTable(inv));
    for (const n of fleet.namespaces())
      say(
        `site ${n.site}: namespace ${n.namespace.spec.netns} (uplink ${n.namespace.spec.nsDevice}, shard pid ${n.pid}), control API ${inv.sites.find((s) => s.name === n.site)?.api}`,
      );
    say(`control API token: ${apiToken} (Authorization: Bearer <token>)`);
    say(
      `\n${inv.cameras.length} cameras up in ${Date.now() - startedMs} ms over ${def.sites.length} site namespaces. Ctrl-C stops.`,
    );
    await waitForAbort(signal);
    return ExitCode.interrupted;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`kernel mode failed: ${(err as Error).message}`, ExitCode.infraError);
  } finally {
    await fleet?.close();
  }
}

/** A kernel-mode site shard: shared caps and loss on its whole site shape its own uplink. */
function kernelShardOptions(def: FleetDefinition, device: string): Pick<FleetOptions, 'faultExecutor'> {
  try {
    return { faultExecutor: kernelShardFaultExecutor(def, device) };
  } catch (err) {
    if (err instanceof KernelShardSitesError) throw bad(`--kernel-link: ${err.message} (give --sites NAME)`);
    throw err;
  }
}

export const command: Command = {
  name: 'sim',
  summary: 'run a fleet of emulated cameras and print what it serves',
  usage,
  async run(argv) {
    const args = parseSimArgs(argv);
    if (args.merge !== undefined) return merge(args);
    const def = await loadFleet(args);
    // With the inventory on stdout, everything for people goes to stderr.
    const say = (line: string) => (args.inventory === '-' ? process.stderr : process.stdout).write(`${line}\n`);
    const kernelShard = args.kernelLink === undefined ? undefined : kernelShardOptions(def, args.kernelLink);
    const controller = new AbortController();
    const removeHandler = installInterruptHandler(controller, say);
    // A kernel-mode site shard is started over IPC: its parent's exit is the dead-man's switch,
    // and the channel must not keep this process alive once the fleet has stopped.
    if (kernelShard !== undefined && process.connected) {
      process.once('disconnect', () => controller.abort());
      process.channel?.unref();
    }
    if (args.kernelMode !== undefined) {
      try {
        return await runKernelMode(args, def, say, controller.signal);
      } finally {
        removeHandler();
      }
    }
    const options: FleetOptions = {
      addressMode: args.portMode ? 'port-per-camera' : 'per-camera',
      bindAddress: args.bind,
      basePort: args.basePort,
      shard: args.shard,
      workers: args.workers,
      discovery: args.discovery,
      ...kernelShard,
    };
    let fleet: Fleet | undefined;
    let api: ControlApiServer | undefined;
    try {
      const startedMs = Date.now();
      try {
        fleet = await Fleet.start(def, options);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE' || e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES')
          throw new CliError(
            `cannot listen: ${e.message} (another fleet on these addresses? try --address-block or --port-mode --base-port)`,
            ExitCode.infraError,
          );
        throw err;
      }
      if (args.api !== undefined) {
        try {
          api = await ControlApiServer.start(fleet, { host: args.api.host, port: args.api.port, token: args.apiToken });
        } catch (err) {
          if (err instanceof ApiTokenRequiredError) throw new CliError(err.message, ExitCode.badInput);
          throw new CliError(
            `control API cannot listen on ${args.api.host}:${args.api.port}: ${(err as Error).message}`,
            ExitCode.infraError,
          );
        }
      }
      const inv = fleet.inventory(api?.url);
      if (args.inventory !== undefined) await writeInventory(args.inventory, inv);
      say(formatInventoryTable(inv));
      say(
        `\n${inv.cameras.length} cameras up in ${Date.now() - startedMs} ms${fleet.workerCount > 0 ? ` on ${fleet.workerCount} worker threads` : ''}. Ctrl-C stops.`,
      );
      if (kernelShard !== undefined) process.send?.({ type: SIM_READY_MESSAGE });
      await waitForAbort(controller.signal);
      return ExitCode.interrupted;
    } finally {
      const stopping = Promise.all([api?.close(), fleet?.close()]);
      const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), stopDeadlineMs).unref());
      if ((await Promise.race([stopping, deadline])) === 'late')
        say(`stopping took over ${stopDeadlineMs / 1000} s; exiting anyway`);
      removeHandler();
    }
  },
};
