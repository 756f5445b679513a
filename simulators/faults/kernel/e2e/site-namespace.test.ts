import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import type { InventoryCamera } from '../../../fleet/inventory.ts';
import { RtspReader } from '../../../rtsp/rtsp-reader.ts';
import { ffprobe } from '../../e2e/ffmpeg-watch.ts';
import { detectKernelSupport } from '../kernel-support.ts';
import { tbfBurstBytes } from '../kernel-commands.ts';
import { runKernelCommand } from '../run-kernel-command.ts';
import { kernelRunId, SiteNamespace, siteNamespaceSpec } from '../site-namespace.ts';
import { SiteShardProcess } from '../site-shard-process.ts';

const support = await detectKernelSupport();
const ffmpeg = await ffmpegAvailable();
const reasons = [...(support.ok ? [] : support.reasons), ...(ffmpeg ? [] : ['ffmpeg/ffprobe do not run here'])];
if (reasons.length > 0) console.warn(`skipping kernel-mode e2e:\n  - ${reasons.join('\n  - ')}`);

const require = createRequire(import.meta.url);
type Cam = Record<string, (...args: unknown[]) => void>;
const onvif = require('onvif') as { Cam: new (opts: Record<string, unknown>, cb: (err: Error | null) => void) => Cam };

const password = 'kernel-e2e';
const token = 'kernel-e2e-token';
const capKbps = 500;
const windowMs = 3_000;
const cliEntry = fileURLToPath(new URL('../../../../harness/cli/bin.js', import.meta.url));

interface TbfCounters {
  atMs: number;
  bytes: number;
  overlimits: number;
}

/** Whether a TCP connection to address:port opens within timeoutMs. */
function connects(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

async function api(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe.skipIf(reasons.length > 0)('a site in its own network namespace', () => {
  // Host routes are shared by every test run on the machine: blocks of this process's own.
  const octet = process.pid % 256;
  const spec = siteNamespaceSpec({
    runId: kernelRunId(),
    siteIndex: 0,
    siteName: 'e2e',
    cameraBlock: `10.213.${octet}.0/25`,
    linkBlock: `10.213.${octet}.128/30`,
  });
  let dir: string;
  let site: SiteNamespace;
  let shard: SiteShardProcess;
  let camera: InventoryCamera;
  let apiBase: string;

  /** The tbf's own counters on the site's uplink (tc -s): what it passed, and how often it held traffic back. */
  async function tbfCounters(): Promise<TbfCounters> {
    const out = await runKernelCommand(['tc', '-s', '-j', '-n', spec.netns, 'qdisc', 'show', 'dev', spec.nsDevice]);
    const tbf = (JSON.parse(out) as Array<{ kind: string; bytes: number; overlimits: number }>).find(
      (q) => q.kind === 'tbf',
    );
    if (tbf === undefined) throw new Error(`no tbf on ${spec.nsDevice}: ${out}`);
    return { atMs: performance.now(), bytes: tbf.bytes, overlimits: tbf.overlimits };
  }

  beforeAll(async () => {
    // A run killed mid-test leaves its namespace (and its host route) behind.
    await SiteNamespace.removeStale();
    dir = await mkdtemp(join(tmpdir(), 'camlab-kernel-e2e-'));
    const fleetFile = join(dir, 'fleet.json');
    const inventoryFile = join(dir, 'inventory.json');
    await writeFile(
      fleetFile,
      JSON.stringify({
        seed: 1,
        sites: [
          {
            name: 'e2e',
            addressBlock: spec.cameraBlock,
            bandwidthKbps: capKbps,
            cameras: [{ model: 'fixed-1080p', count: 1 }],
          },
        ],
        users: [{ username: 'admin', password }],
      }),
    );
    site = await SiteNamespace.create(spec);
    shard = await SiteShardProcess.start({
      netns: spec.netns,
      cliEntry,
      simArgs: [
        '--fleet',
        fleetFile,
        '--inventory',
        inventoryFile,
        '--no-discovery',
        '--kernel-link',
        spec.nsDevice,
        '--api',
        `${spec.nsAddress}:8080`,
      ],
      inventoryFile,
      env: { ...process.env, CAMLAB_API_TOKEN: token },
    });
    camera = shard.inventory.cameras[0]!;
    apiBase = shard.inventory.api!;
  }, 60_000);
  afterAll(async () => {
    await shard?.stop();
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves RTSP and ONVIF to clients on the host, at an address inside the namespace', async () => {
    expect(camera.address).toBe(`10.213.${octet}.1`);
    expect(apiBase).toBe(`http://${spec.nsAddress}:8080`);
    const probe = await ffprobe(camera.rtsp.main.replace('rtsp://', `rtsp://admin:${password}@`));
    expect(probe.code, probe.stderr).toBe(0);
    expect((JSON.parse(probe.stdout) as { streams: { codec_name: string }[] }).streams[0]?.codec_name).toBe('h264');
    const info = await new Promise<{ manufacturer: string; model: string }>((resolve, reject) => {
      const cam: Cam = new onvif.Cam(
        { hostname: camera.address, port: camera.onvifPort, username: 'admin', password, timeout: 5_000 },
        (err) => {
          if (err) reject(err);
          else
            cam.getDeviceInformation!((e: Error | null, data: { manufacturer: string; model: string }) =>
              e ? reject(e) : resolve(data),
            );
        },
      );
    });
    expect(info.manufacturer).toBe(camera.manufacturer);
  });

  it('a shared bandwidth fault through the control API becomes tbf: the qdisc holds the stream to the cap', async () => {
    const reader = await RtspReader.connect(camera.address, camera.rtspPort, { username: 'admin', password });
    try {
      await reader.play(camera.rtsp.main);
      await vi.waitFor(() => expect(reader.stats.frames).toBeGreaterThan(0), { timeout: 10_000 });
      const res = await api(apiBase, 'POST', '/api/faults', {
        kind: 'bandwidth',
        target: { site: 'e2e' },
        params: { shared: true },
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      expect(await runKernelCommand(['tc', '-n', spec.netns, 'qdisc', 'show', 'dev', spec.nsDevice])).toMatch(
        /tbf .*rate 500Kbit/,
      );
      // Judged from the qdisc's own counters, not from what a reader on a loaded machine managed
      // to read: the upper bound holds however slow the reader is (a slow reader only sends
      // less), and overlimits prove the stream offered more than the cap, so the cap did the work.
      // The window's ends are taken outside the counter reads, so it can only be longer than theirs.
      const readerStart = reader.stats.bytes;
      const before = await tbfCounters();
      await new Promise((r) => setTimeout(r, windowMs));
      const after = await tbfCounters();
      const passedBytes = after.bytes - before.bytes;
      const allowedBytes = (capKbps * 1000 * 1.05 * (after.atMs - before.atMs)) / 8 / 1000 + tbfBurstBytes(capKbps);
      expect(passedBytes).toBeLessThanOrEqual(allowedBytes);
      expect(after.overlimits - before.overlimits).toBeGreaterThan(0);
      expect(reader.stats.bytes - readerStart, 'the reader still receives the stream through the cap').toBeGreaterThan(
        0,
      );
      expect((await api(apiBase, 'DELETE', `/api/faults/${id}`)).status).toBe(204);
      expect(await runKernelCommand(['tc', '-n', spec.netns, 'qdisc', 'show', 'dev', spec.nsDevice])).not.toMatch(
        /tbf/,
      );
    } finally {
      reader.close();
    }
  });

  it('100% drop refuses new connections; clearing it lets them through', async () => {
    await site.setDrop(1);
    expect(await connects(camera.address, camera.rtspPort, 1_500)).toBe(false);
    await site.setDrop(null);
    expect(await connects(camera.address, camera.rtspPort, 5_000)).toBe(true);
    await site.setRate(capKbps);
    await site.setRate(null);
    const probe = await ffprobe(camera.rtsp.main.replace('rtsp://', `rtsp://admin:${password}@`));
    expect(probe.code, probe.stderr).toBe(0);
  });

  it('tears down leaving no namespace and no veth, and a second teardown is harmless', async () => {
    await shard.stop();
    expect(shard.code).toBe(130);
    await site.close();
    await SiteNamespace.remove(spec);
    expect(await runKernelCommand(['ip', 'netns', 'list'])).not.toContain(spec.netns);
    expect(await runKernelCommand(['ip', '-o', 'link', 'show'])).not.toContain(spec.hostDevice);
    expect(await runKernelCommand(['ip', 'route', 'show'])).not.toContain(spec.cameraBlock.split('/')[0]);
  });
});
