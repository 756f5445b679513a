import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import { fleetFromCount } from '../../../../simulators/fleet/fleet-schema.ts';
import type { Inventory } from '../../../../simulators/fleet/inventory.ts';
import { fleetLayout } from '../../../scenario/default-scenario-context.ts';
import { camlab, stop } from '../../../e2e/camlab-cli.fixture.ts';
import { manifests } from '../kubernetes-manifests.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping the Kubernetes shards e2e: ffmpeg is not available');

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

/** Kubernetes' $(VAR) expansion in args, as the kubelet does it. */
function expand(args: readonly string[], env: Record<string, string>): string[] {
  return args.map((a) => a.replace(/\$\(([A-Z_]+)\)/g, (m, name: string) => env[name] ?? m));
}

function runShell(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('sh', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
}

const token = 'e2e-shards-token';
const cameras = 6;
let dir: string;
const shards: ChildProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-k8s-'));
  // What the image's /usr/local/bin/camlab is: the bin.
  await writeFile(join(dir, 'camlab'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  await chmod(join(dir, 'camlab'), 0o755);
});
afterAll(async () => {
  for (const s of shards) stop(s);
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)("the manifests' own command lines on one machine", () => {
  it('run one shard per StatefulSet pod and merge their inventories, as the Job does, into the whole fleet', async () => {
    const container = sts.spec.template.spec.containers[0]!;
    // The manifest's args with a small fleet: everything else exactly as a pod runs it.
    const args = [...container.args!];
    args[args.indexOf('--cameras') + 1] = String(cameras);
    const podIp = (i: number): string => `127.77.${i}.10`;
    for (let i = 0; i < sts.spec.replicas; i++) {
      const run = camlab(expand(args, { POD_INDEX: String(i), POD_IP: podIp(i) }), { CAMLAB_API_TOKEN: token });
      shards.push(run.child);
      void run.exited.then((code) => {
        if (code !== null && code !== 130) console.warn(`shard ${i} exited ${code}: ${run.stderr()}`);
      });
    }

    const inventoryDir = join(dir, 'inventories');
    await mkdir(inventoryDir);
    const shardApis = Array.from({ length: sts.spec.replicas }, (_, i) => `http://${podIp(i)}:8080`).join(' ');
    const init = job.spec.template.spec.initContainers[0]!;
    // The init container's script retries until every shard's API answers.
    const fetched = await runShell(init.command![2]!, {
      SHARD_APIS: shardApis,
      INVENTORY_DIR: inventoryDir,
      CAMLAB_API_TOKEN: token,
    });
    expect(fetched.code, fetched.stderr).toBe(0);
    const merge = job.spec.template.spec.containers[0]!;
    const merged = await runShell(merge.command![2]!, {
      INVENTORY_DIR: inventoryDir,
      PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`,
    });
    expect(merged.code, merged.stderr).toBe(0);

    const inventory = JSON.parse(await readFile(join(inventoryDir, 'merged.json'), 'utf8')) as Inventory;
    const whole = fleetLayout(fleetFromCount(cameras)).cameras.map((c) => c.id);
    expect(inventory.cameras.map((c) => c.id)).toEqual(whole);
    expect([...new Set(inventory.cameras.map((c) => c.shard))]).toEqual([0, 1, 2]);
    // Each camera is served from its own shard's pod IP, where a hub in the cluster reaches it.
    expect(
      inventory.cameras.every(
        (c) => c.address === podIp(c.shard) && c.rtsp.main.startsWith(`rtsp://${podIp(c.shard)}:`),
      ),
    ).toBe(true);
    for (const s of shards) s.kill('SIGINT');
    await vi.waitFor(() => expect(shards.every((s) => s.exitCode !== null || s.signalCode !== null)).toBe(true), {
      timeout: 20_000,
      interval: 200,
    });
  }, 120_000);
});
