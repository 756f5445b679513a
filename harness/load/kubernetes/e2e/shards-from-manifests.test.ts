import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import type { RunResult } from '../../../../reports/run-result.ts';
import { fleetFromCount } from '../../../../simulators/fleet/fleet-schema.ts';
import type { Inventory } from '../../../../simulators/fleet/inventory.ts';
import { fleetLayout } from '../../../scenario/default-scenario-context.ts';
import { camlab, stop, type CliProcess } from '../../../e2e/camlab-cli.fixture.ts';
import { manifests } from '../kubernetes-manifests.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping the Kubernetes shards e2e: ffmpeg is not available');

/**
 * The shard proof: the manifests' own command lines on one machine. Two sets of three shard
 * processes started with the StatefulSet's args (a 3-camera fleet, one camera per shard, each set
 * on its own "pod IPs"), the Job's init and run scripts over each set, and the same scenario
 * (a power outage on cameras of two shards, fixtures/shards-outage.yaml) played in one process.
 * With the well-behaved mini hub the verdicts over shards are those of one process, and PASS; with
 * mini-hub:never-reconnects both fail HUB-RES-03 alike. All four runs play at once (42 s of
 * scenario each); nothing here is judged on time.
 */
interface Container {
  args?: string[];
  command?: string[];
  env: { name: string; value?: string }[];
}
const sts = manifests().find((d) => d.kind === 'StatefulSet') as {
  spec: { replicas: number; template: { spec: { containers: Container[] } } };
};
const job = manifests().find((d) => d.kind === 'Job') as {
  spec: { template: { spec: { initContainers: Container[]; containers: Container[] } } };
};
const bin = fileURLToPath(new URL('../../../cli/bin.js', import.meta.url));
const scenario = fileURLToPath(new URL('./fixtures/shards-outage.yaml', import.meta.url));

/** Kubernetes' $(VAR) expansion in args, as the kubelet does it. */
function expand(args: readonly string[], env: Record<string, string>): string[] {
  return args.map((a) => a.replace(/\$\(([A-Z_]+)\)/g, (m, name: string) => env[name] ?? m));
}

/** A container's env as the manifest sets it (literal values only; secrets are given by the test). */
function envOf(c: Container): Record<string, string> {
  return Object.fromEntries(c.env.flatMap((e) => (e.value !== undefined ? [[e.name, e.value]] : [])));
}

function runShell(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('sh', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
}

async function resultIn(dir: string, what: string, output: string): Promise<RunResult> {
  try {
    return JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')) as RunResult;
  } catch {
    throw new Error(`${what} wrote no result.json:\n${output.slice(-3000)}`);
  }
}

const verdictsOf = (r: RunResult): Record<string, string> =>
  Object.fromEntries(r.verdicts.map((v) => [v.id, v.verdict]));
const explain = (r: RunResult): string =>
  r.verdicts.map((v) => `${v.id} ${v.verdict}: ${v.message}`).join('\n') +
  (r.partialReason !== undefined ? `\npartial: ${r.partialReason}` : '');

const token = 'e2e-shards-token';
const cameras = 3;
const hubs = { good: 'mini-hub:well-behaved', bad: 'mini-hub:never-reconnects' } as const;
type Hub = keyof typeof hubs;
/** Each shard set's "pod IPs": 127.77.1x.10 and 127.77.2x.10 (the older shard tests use 127.77.x.10). */
const podIp = (set: number, i: number): string => `127.77.${10 * (set + 1) + i}.10`;

let dir: string;
const started: ChildProcess[] = [];
const shards: CliProcess[] = [];
const sharded = new Map<Hub, { code: number | null; result: RunResult; inventory: Inventory }>();
const single = new Map<Hub, { code: number | null; result: RunResult }>();

/** One shard set: the StatefulSet's pods, then the Job's init and run containers against them. */
async function shardedRun(set: number, hub: Hub): Promise<void> {
  const container = sts.spec.template.spec.containers[0]!;
  // The manifest's args with a small fleet: everything else exactly as a pod runs it.
  const args = [...container.args!];
  args[args.indexOf('--cameras') + 1] = String(cameras);
  for (let i = 0; i < sts.spec.replicas; i++) {
    const run = camlab(expand(args, { POD_INDEX: String(i), POD_IP: podIp(set, i) }), { CAMLAB_API_TOKEN: token });
    shards.push(run);
    void run.exited.then((code) => {
      if (code !== null && code !== 130) console.warn(`shard ${set}/${i} exited ${code}: ${run.stderr()}`);
    });
  }
  const inventoryDir = join(dir, `inventories-${hub}`);
  await mkdir(inventoryDir);
  const shardApis = Array.from({ length: sts.spec.replicas }, (_, i) => `http://${podIp(set, i)}:8080`).join(' ');
  const init = job.spec.template.spec.initContainers[0]!;
  // The init container's script retries until every shard's API answers.
  const fetched = await runShell(init.command![2]!, {
    ...envOf(init),
    SHARD_APIS: shardApis,
    INVENTORY_DIR: inventoryDir,
    CAMLAB_API_TOKEN: token,
  });
  if (fetched.code !== 0) throw new Error(`init container exited ${fetched.code}: ${fetched.stderr}`);
  const runContainer = job.spec.template.spec.containers[0]!;
  const reportDir = join(dir, `sharded-${hub}`);
  // The run container's script with the manifest's env, the paths of this machine and this test's scenario and hub.
  const ran = await runShell(runContainer.command![2]!, {
    ...envOf(runContainer),
    SHARD_APIS: shardApis,
    INVENTORY_DIR: inventoryDir,
    SCENARIO: scenario,
    HUB: hubs[hub],
    REPORT_DIR: reportDir,
    CAMLAB_API_TOKEN: token,
    PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`,
  });
  sharded.set(hub, {
    code: ran.code,
    result: await resultIn(reportDir, `the Job's run over shard set ${set}`, ran.stderr),
    inventory: JSON.parse(await readFile(join(inventoryDir, 'merged.json'), 'utf8')) as Inventory,
  });
}

/** The same scenario in one process; the bad hub's copy on its own addresses, as both play at once. */
async function singleRun(hub: Hub): Promise<void> {
  let file = scenario;
  if (hub === 'bad') {
    file = join(dir, 'shards-outage-bad.yaml');
    await writeFile(file, (await readFile(scenario, 'utf8')).replace('127.79.0.0/24', '127.79.1.0/24'));
  }
  const reportDir = join(dir, `single-${hub}`);
  const run = camlab(['run', file, '--hub', hubs[hub], '--report', reportDir]);
  started.push(run.child);
  const code = await run.exited;
  single.set(hub, { code, result: await resultIn(reportDir, `camlab run (${hub})`, run.stderr()) });
}

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-k8s-'));
  // What the image's /usr/local/bin/camlab is: the bin.
  await writeFile(join(dir, 'camlab'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  await chmod(join(dir, 'camlab'), 0o755);
  const t0 = performance.now();
  await Promise.all([shardedRun(0, 'good'), shardedRun(1, 'bad'), singleRun('good'), singleRun('bad')]);
  console.info(
    `shards e2e: 6 shard processes, 4 runs at once, done after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}, 240_000);

afterAll(async () => {
  for (const s of shards) s.child.kill('SIGINT');
  await vi
    .waitFor(() => expect(shards.every((s) => s.child.exitCode !== null || s.child.signalCode !== null)).toBe(true), {
      timeout: 20_000,
      interval: 200,
    })
    .catch(() => undefined);
  for (const s of shards) stop(s.child);
  for (const c of started) stop(c);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}, 30_000);

describe.skipIf(!available)("the manifests' own command lines on one machine", () => {
  it("one shard per StatefulSet pod; the Job's merge gives the whole fleet, each camera on its shard's pod IP", () => {
    for (const [hub, set] of [
      ['good', 0],
      ['bad', 1],
    ] as const) {
      const { inventory } = sharded.get(hub)!;
      expect(inventory.cameras.map((c) => c.id)).toEqual(fleetLayout(fleetFromCount(cameras)).cameras.map((c) => c.id));
      expect(inventory.cameras.map((c) => c.shard)).toEqual([0, 1, 2]);
      expect(
        inventory.cameras.every(
          (c) => c.address === podIp(set, c.shard) && c.rtsp.main.startsWith(`rtsp://${podIp(set, c.shard)}:`),
        ),
      ).toBe(true);
    }
  });

  it('one scenario over three shards gives the verdicts of one process: PASS with the well-behaved hub', () => {
    const over = sharded.get('good')!;
    const one = single.get('good')!;
    expect(verdictsOf(over.result), `sharded:\n${explain(over.result)}\none process:\n${explain(one.result)}`).toEqual(
      verdictsOf(one.result),
    );
    // Not a comparison of nothing: the outage on two shards' cameras was judged, and passed.
    expect(verdictsOf(over.result), explain(over.result)).toEqual({
      'HUB-STR-01': 'PASS',
      'HUB-RES-01': 'PASS',
      'HUB-RES-03': 'PASS',
      'HUB-RES-04': 'PASS',
    });
    // The outage spanned shards 0 and 1: each of its cameras was judged, over shards as in one process.
    for (const r of [over.result, one.result])
      expect(
        r.verdicts
          .find((v) => v.id === 'HUB-RES-01')!
          .evidence.map((e) => e.camera)
          .sort(),
      ).toEqual(['site-1-001', 'site-1-002']);
    expect(over.result.status).toBe('complete');
    expect([over.code, one.code]).toEqual([0, 0]);
  });

  it('a hub that never reconnects fails HUB-RES-03 over shards as it does in one process', () => {
    const over = sharded.get('bad')!;
    const one = single.get('bad')!;
    expect(verdictsOf(over.result), `sharded:\n${explain(over.result)}\none process:\n${explain(one.result)}`).toEqual(
      verdictsOf(one.result),
    );
    expect(verdictsOf(over.result)['HUB-RES-03']).toBe('FAIL');
    expect([over.code, one.code]).toEqual([1, 1]);
  });
});
