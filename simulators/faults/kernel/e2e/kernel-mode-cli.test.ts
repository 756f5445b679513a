import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import type { Inventory } from '../../../fleet/inventory.ts';
import { detectKernelSupport } from '../kernel-support.ts';
import { runKernelCommand } from '../run-kernel-command.ts';
import { kernelRunId } from '../site-namespace.ts';

const support = await detectKernelSupport();
const ffmpeg = await ffmpegAvailable();
const reasons = [
  ...(support.ok ? [] : support.reasons),
  ...(ffmpeg ? [] : ['ffmpeg (clip generation) does not run here']),
];
if (reasons.length > 0) console.warn(`skipping camlab sim --kernel-mode e2e:\n  - ${reasons.join('\n  - ')}`);

const bin = fileURLToPath(new URL('../../../../harness/cli/bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'camlab-kernel-cli-'));
const token = 'kernel-cli-token';
// Host routes are shared by every test run on the machine: blocks of this process's own.
const octet = process.pid % 256;

function opens(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

describe.skipIf(reasons.length > 0)('camlab sim --kernel-mode', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs each site in a namespace with its own API; whole-site loss is an nft drop; Ctrl-C removes everything', async () => {
    const fleetFile = join(dir, 'fleet.yaml');
    const inventoryFile = join(dir, 'inventory.json');
    writeFileSync(
      fleetFile,
      [
        'sites:',
        `  - { name: east, addressBlock: 10.214.${octet}.0/26, cameras: [{ model: fixed-1080p, count: 1 }] }`,
        `  - { name: west, addressBlock: 10.214.${octet}.64/26, cameras: [{ model: fixed-1080p, count: 1 }] }`,
        '',
      ].join('\n'),
    );
    const sim = spawn(
      process.execPath,
      [
        bin,
        'sim',
        '--fleet',
        fleetFile,
        '--kernel-mode',
        '--kernel-link-block',
        `10.214.${octet}.128/25`,
        '--inventory',
        inventoryFile,
        '--no-discovery',
        '--api-token',
        token,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    sim.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    sim.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => sim.once('exit', (code) => resolve(code)));
    const prefix = `camlab-${kernelRunId(sim.pid)}-`;
    try {
      await vi.waitFor(() => expect(existsSync(inventoryFile), out).toBe(true), { timeout: 60_000, interval: 100 });
      const inv = JSON.parse(readFileSync(inventoryFile, 'utf8')) as Inventory;
      expect(inv.sites.map((s) => [s.name, s.api])).toEqual([
        ['east', `http://10.214.${octet}.130:8080`],
        ['west', `http://10.214.${octet}.134:8080`],
      ]);
      expect(inv.cameras.map((c) => c.address)).toEqual([`10.214.${octet}.1`, `10.214.${octet}.65`]);
      expect(
        (await runKernelCommand(['ip', 'netns', 'list'])).split('\n').filter((l) => l.startsWith(prefix)),
      ).toHaveLength(2);
      const [east, west] = inv.cameras as [Inventory['cameras'][number], Inventory['cameras'][number]];
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const res = await fetch(`${inv.sites[0]!.api}/api/faults`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'loss', target: { site: 'east' }, params: { ratio: '100%' } }),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      expect(await opens(east.address, east.rtspPort, 1_500)).toBe(false);
      expect(await opens(west.address, west.rtspPort, 5_000)).toBe(true);
      expect((await fetch(`${inv.sites[0]!.api}/api/faults/${id}`, { method: 'DELETE', headers })).status).toBe(204);
      expect(await opens(east.address, east.rtspPort, 5_000)).toBe(true);
      await vi.waitFor(() => expect(out).toMatch(/Ctrl-C stops/), { timeout: 10_000 });
      expect(out).toMatch(/control API token: kernel-cli-token/);
      sim.kill('SIGINT');
      expect(await exited, out).toBe(130);
      expect(await runKernelCommand(['ip', 'netns', 'list'])).not.toContain(prefix);
      expect(await runKernelCommand(['ip', 'route', 'show'])).not.toContain(`10.214.${octet}.0/26`);
    } finally {
      if (sim.exitCode === null && sim.pid !== undefined) process.kill(sim.pid, 'SIGKILL');
    }
  }, 90_000);
});
