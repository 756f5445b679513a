import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable, ffmpegPath } from '../../media/ffmpeg/ffmpeg-path.ts';
import type { Inventory } from '../../simulators/fleet/inventory.ts';
import type { RunResult } from '../../reports/run-result.ts';
import { camlab, stop } from './camlab-cli.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping camlab run e2e: ffmpeg is not available');

let dir: string;
const started: ChildProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-run-'));
});
afterAll(async () => {
  for (const child of started) stop(child);
  await rm(dir, { recursive: true, force: true });
});

function fleet(block: string): string {
  return `fleet:\n  sites:\n    - name: mk\n      addressBlock: ${block}\n      cameras:\n        - { model: fixed-1080p, count: 2 }\n`;
}

describe.skipIf(!available)('camlab run --hub none', () => {
  it('lets a hub started by hand provision from the inventory, and judges it from the camera side', async () => {
    const scenario = join(dir, 'by-hand.yaml');
    await writeFile(
      scenario,
      `name: by-hand\nseed: 4\n${fleet('127.14.1.0/24')}hub: none\ntimeline:\n  - wait-for: { condition: streaming, timeout: 30s }\n  - at: 2s\n    mark: soaked\nduration: 6s\nexpect:\n  - { id: HUB-STR-01, pull_within: 5s }\n`,
    );
    const inventoryFile = join(dir, 'by-hand-inventory.json');
    const reportDir = join(dir, 'by-hand-report');
    const run = camlab(['run', scenario, '--inventory', inventoryFile, '--report', reportDir]);
    started.push(run.child);
    await vi.waitFor(() => expect(existsSync(inventoryFile)).toBe(true), { timeout: 30_000, interval: 100 });
    const inventory = JSON.parse(await readFile(inventoryFile, 'utf8')) as Inventory;
    expect(inventory.cameras.map((c) => [c.id, c.address, c.username])).toEqual([
      ['mk-001', '127.14.1.1', 'camlab-hub'],
      ['mk-002', '127.14.1.2', 'camlab-hub'],
    ]);
    // The "hub": one ffmpeg per camera pulling the main stream with the inventory's credentials.
    for (const c of inventory.cameras) {
      const url = c.rtsp.main.replace('rtsp://', `rtsp://${c.username}:${c.password}@`);
      const pull = spawn(
        ffmpegPath(),
        ['-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url, '-t', '60', '-f', 'null', '-'],
        { stdio: 'ignore' },
      );
      started.push(pull);
    }
    expect(await run.exited).toBe(0);
    const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
    expect(result.status).toBe('complete');
    expect(result.timeline.find((e) => e.type === 'wait-for')?.label).toMatch(/met after \d+ ms/);
    expect(new Set(result.sessions.map((s) => `${s.camera}:${s.user}`))).toEqual(
      new Set(['mk-001:camlab-hub', 'mk-002:camlab-hub']),
    );
    expect(result.verdicts.map((v) => [v.id, v.verdict])).toEqual([['HUB-STR-01', 'PASS']]);
    expect(run.stdout()).toContain('by-hand');
  });

  it('fails the MUST a hub that never pulls breaks, with exit code 1', async () => {
    const scenario = join(dir, 'nobody.yaml');
    await writeFile(
      scenario,
      `name: nobody\n${fleet('127.14.2.0/24')}hub: none\nduration: 11s\nexpect:\n  - { id: HUB-STR-01, pullWithinMs: 10s }\n`,
    );
    const run = camlab(['run', scenario, '--report', join(dir, 'nobody-report'), '--format', 'json']);
    started.push(run.child);
    expect(await run.exited).toBe(1);
    const result = JSON.parse(run.stdout()) as RunResult;
    expect(result.verdicts[0]).toMatchObject({ id: 'HUB-STR-01', verdict: 'FAIL' });
    expect(result.summary.mustFailed).toBe(1);
  });

  it('on Ctrl-C stops, writes a partial report and exits 130', async () => {
    const scenario = join(dir, 'long.yaml');
    await writeFile(
      scenario,
      `name: long\n${fleet('127.14.3.0/24')}hub: none\nduration: 10m\ntimeline:\n  - at: 9m\n    mark: never reached\n`,
    );
    const reportDir = join(dir, 'long-report');
    const run = camlab(['run', scenario, '--report', reportDir]);
    started.push(run.child);
    await vi.waitFor(() => expect(run.stderr()).toContain('playing the timeline'), { timeout: 30_000, interval: 100 });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
    expect(result.status).toBe('partial');
    expect(result.partialReason).toBe('interrupted: Ctrl-C received');
    expect(run.stderr()).toMatch(/PARTIAL report/);
  });

  it('refuses a bad scenario with exit code 2, naming file and line, and starts nothing', async () => {
    const scenario = join(dir, 'bad.yaml');
    await writeFile(
      scenario,
      `name: bad\n${fleet('127.14.4.0/24')}hub: none\ntimeline:\n  - at: 5s\n    fault: outage\n    mode: flood\n    target: { site: mk }\n`,
    );
    const inventoryFile = join(dir, 'bad-inventory.json');
    const run = camlab(['run', scenario, '--inventory', inventoryFile]);
    expect(await run.exited).toBe(2);
    expect(run.stderr(), run.stderr()).toContain(`${scenario}:12:11 timeline[0].mode: outage: Invalid option`);
    expect(existsSync(inventoryFile)).toBe(false);
  });
});
