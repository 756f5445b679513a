import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable } from '../../media/ffmpeg/ffmpeg-path.ts';
import type { RunResult } from '../../reports/run-result.ts';
import { camlab, stop } from './camlab-cli.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping the node-media-server interrupt e2e: ffmpeg is not available');

/** PIDs of processes whose command line mentions `text` (the run's temp dir, its cameras' addresses). */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-nms-'));
});
afterAll(async () => {
  for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('camlab run against node-media-server, interrupted', () => {
  it('stops the hub and every relay it spawned on Ctrl-C, and writes a partial report', async () => {
    const scenario = join(dir, 'nms.yaml');
    await writeFile(
      scenario,
      'name: nms-interrupted\nfleet:\n  sites:\n    - name: mk\n      addressBlock: 127.14.5.0/24\n      cameras:\n        - { model: fixed-1080p, count: 2 }\nhub: nms\nduration: 10m\ntimeline:\n  - wait-for: { condition: streaming, timeout: 60s }\n  - at: 1s\n    mark: streaming\n',
    );
    const reportDir = join(dir, 'report');
    // The run's temp dirs (the hub's config and media) live under `dir`, so its processes name it.
    const run = camlab(['run', scenario, '--report', reportDir], { TMPDIR: dir });
    try {
      await vi.waitFor(() => expect(run.stderr()).toContain('mark: streaming'), { timeout: 90_000, interval: 200 });
      expect(processesMentioning(dir).length).toBeGreaterThan(0);
      expect(processesMentioning('127.14.5.').length).toBeGreaterThan(0);
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(130);
    } finally {
      stop(run.child);
    }
    expect(processesMentioning(dir)).toEqual([]);
    expect(processesMentioning('127.14.5.')).toEqual([]);
    const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
    expect(result.status).toBe('partial');
    expect(result.hubs[0]!.identity.name).toBe('node-media-server');
    expect(result.sessions.length).toBeGreaterThanOrEqual(2);
  });
});
