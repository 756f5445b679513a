import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable } from '../../../media/ffmpeg/ffmpeg-path.ts';
import type { Inventory } from '../inventory.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping camlab sim e2e: ffmpeg (clip generation) does not run here');

const bin = fileURLToPath(new URL('../../../harness/cli/bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'camlab-sim-'));

function camlab(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

describe.skipIf(!available)('camlab sim', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the inventory once listening, serves the API, and stops on Ctrl-C with exit 130', async () => {
    const inventoryFile = join(dir, 'inventory.json');
    const sim = camlab([
      'sim',
      '--cameras',
      '3',
      '--address-block',
      '127.13.50.0/24',
      '--inventory',
      inventoryFile,
      '--api',
      '127.0.0.1:0',
      '--no-discovery',
    ]);
    try {
      await vi.waitFor(() => expect(existsSync(inventoryFile)).toBe(true), { timeout: 60_000, interval: 100 });
      const inv = JSON.parse(readFileSync(inventoryFile, 'utf8')) as Inventory;
      expect(inv.cameras.map((c) => c.id)).toEqual(['site-1-001', 'site-1-002', 'site-1-003']);
      expect(inv.cameras.filter((c) => c.ptz)).toHaveLength(1);
      expect(inv.cameras[0]).toMatchObject({ address: '127.13.50.1', username: 'admin', password: 'camlab', shard: 0 });
      expect(inv.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ptz = (await (await fetch(`${inv.api}/api/cameras/site-1-002`)).json()) as {
        ptz: boolean;
        ptzPosition: unknown;
        sessions: unknown[];
      };
      expect(ptz).toMatchObject({ ptz: true, ptzPosition: { pan: 0, tilt: 0, zoom: 0 }, sessions: [] });
      const res = await fetch(`${inv.api}/api/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'outage', target: { camera: 'site-1-002' }, params: { mode: 'power' } }),
      });
      expect(res.status).toBe(201);
      const cam = (await (await fetch(`${inv.api}/api/cameras/site-1-002`)).json()) as { state: string };
      expect(cam.state).toBe('down');
      expect(await (await fetch(`${inv.api}/metrics`)).text()).toMatch(/camlab_cameras\{state="down"\} 1/);
      await vi.waitFor(() => expect(sim.output()).toMatch(/Ctrl-C stops/), { timeout: 10_000 });
      expect(sim.output()).toMatch(/site-1-001 +site-1 +fixed-1080p/);
      sim.child.kill('SIGINT');
      expect(await sim.exited).toBe(130);
    } finally {
      if (sim.child.exitCode === null && sim.child.pid !== undefined) process.kill(sim.child.pid, 'SIGKILL');
    }
  });

  it('a bad fleet file: exit 2 naming file, line and field, nothing started', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'sites:\n  - name: slough\n    addressBlock: 127.13.51.0/24\n    cameras:\n      - { model: fisheye, count: 2 }\n',
    );
    const sim = camlab(['sim', '--fleet', file]);
    expect(await sim.exited).toBe(2);
    expect(sim.output()).toContain(`${file}:5:`);
    expect(sim.output()).toMatch(/sites\[0\]\.cameras\[0\]\.model: unknown model 'fisheye'/);
  });
});
