import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegAvailable } from '../../../media/ffmpeg/ffmpeg-path.ts';
import type { RunResult } from '../../../reports/run-result.ts';
import { camlab, stop, type CliProcess } from '../../e2e/camlab-cli.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping camlab load --shards e2e: ffmpeg is not available');

/**
 * `camlab load --shards` on one machine: two `camlab sim --shard I/2` processes (each on its own
 * loopback "pod IP", as the StatefulSet runs them), a two-stage ramp against the mini hub over
 * both. Shard 1 is preloaded with fixtures/stall-on-signal.mjs and told to stall its event loop
 * when stage 2 opens: stage 2 must be SIMULATOR-LIMITED naming shard 1 and the limits it crossed,
 * no other process and no earlier stage named for a busy thread; and the hub user camlab added on
 * the shards is there during the run and gone after it. Judged on the processes' own counters.
 */
const token = 'e2e-load-shards-token';
const podIp = (i: number): string => `127.77.4${i}.10`;
const urls = [0, 1].map((i) => `http://${podIp(i)}:8080`);
const stallPreload = pathToFileURL(fileURLToPath(new URL('./fixtures/stall-on-signal.mjs', import.meta.url))).href;

let dir: string;
const shards: CliProcess[] = [];

async function api(shard: number, path: string): Promise<unknown> {
  const res = await fetch(`${urls[shard]}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${urls[shard]}${path} answered ${res.status}`);
  return res.json();
}
const usersOf = async (shard: number, camera: string): Promise<string[]> =>
  ((await api(shard, `/api/cameras/${camera}`)) as { users: string[] }).users;

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-load-shards-'));
  for (const i of [0, 1]) {
    const preload = i === 1 ? `--import=${stallPreload}` : '';
    shards.push(
      camlab(
        ['sim', '--cameras', '4', '--shard', `${i}/2`, '--port-mode', '--bind', podIp(i), '--api', `${podIp(i)}:8080`],
        { CAMLAB_API_TOKEN: token, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim() },
      ),
    );
  }
  await vi.waitFor(
    () => {
      for (const s of shards) {
        if (s.child.exitCode !== null) throw new Error(`a shard exited ${s.child.exitCode}: ${s.stderr()}`);
        expect(s.stdout()).toContain('Ctrl-C stops');
      }
    },
    { timeout: 30_000, interval: 100 },
  );
}, 40_000);

afterAll(async () => {
  for (const s of shards) stop(s.child);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('camlab load --shards', () => {
  it('marks the stage where one shard fell behind SIMULATOR-LIMITED, naming that shard, and takes its users back', async () => {
    const reportDir = join(dir, 'report');
    const run = camlab(
      [
        'load',
        '--shards',
        urls.join(','),
        '--stages',
        '2:3s,4:3s',
        '--settle',
        '1s',
        '--hub',
        'mini-hub:well-behaved',
        '--report',
        reportDir,
        '--format',
        'none',
      ],
      { CAMLAB_API_TOKEN: token },
    );
    try {
      await vi.waitFor(() => expect(run.stderr()).toContain('mark: stage 1: 2 cameras'), {
        timeout: 30_000,
        interval: 50,
      });
      // The hub's user, added on every shard before the ramp.
      expect(await usersOf(1, 'site-1-003')).toContain('camlab-hub');
      await vi.waitFor(() => expect(run.stderr()).toContain('mark: stage 2: 4 cameras'), {
        timeout: 30_000,
        interval: 50,
      });
      process.kill(shards[1]!.child.pid!, 'SIGUSR2');
      const code = await run.exited;
      const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
      const [first, second] = result.load!.stages;
      const reasons = result.load!.stages.map((s) => `stage ${s.index + 1}: ${s.simulatorLimited.join(' | ')}`);
      const why = `${reasons.join('\n')}\n${run.stderr().slice(-2000)}`;

      expect(second!.simulatorLimited, why).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^shard 1/2 at ${urls[1]}: camlab's event loop ran \\d+ ms late at p99`)),
          expect.stringMatching(
            new RegExp(`^shard 1/2 at ${urls[1]}: camlab's main thread was busy \\d+% of the stage`),
          ),
        ]),
      );
      expect(result.load!.advice, why).toMatch(
        new RegExp(`^(Shard 0/2 at \\S+, s|S)hard 1/2 at ${urls[1]} fell behind: .*camlab sim --workers`),
      );
      // The stall is shard 1's alone, and only from stage 2: judged on the threads' busy shares
      // (their own counters). How late a loop ran is not: on a busy machine every process here can
      // run late, and then the stage is rightly SIMULATOR-LIMITED for it too.
      const busy = (r: string): boolean => r.includes("camlab's main thread was busy");
      const stalled = (r: string): boolean => r.startsWith(`shard 1/2 at ${urls[1]}:`);
      expect(
        result.load!.stages.flatMap((s) => s.simulatorLimited).filter((r) => busy(r) && !stalled(r)),
        why,
      ).toEqual([]);
      expect(first!.simulatorLimited.filter(busy), why).toEqual([]);
      const others = [...first!.simulatorLimited, ...second!.simulatorLimited.filter((r) => !stalled(r))];
      if (others.length > 0)
        console.warn(`also SIMULATOR-LIMITED on this busy machine (not the stall): ${others.join('; ')}`);
      // Each process's own figures, the stalled shard's among them.
      expect(second!.simulator.processes?.map((p) => p.process)).toEqual([
        'the coordinator (this process)',
        `shard 0/2 at ${urls[0]}`,
        `shard 1/2 at ${urls[1]}`,
      ]);
      expect(result.outcome.verdict).toBe('INCONCLUSIVE');
      expect(code, why).toBe(1);

      // Closing took the hub's user back from both shards; the fleet's own user stays.
      for (const [shard, camera] of [
        [0, 'site-1-001'],
        [1, 'site-1-003'],
      ] as const)
        expect(await usersOf(shard, camera)).toEqual(['admin']);
    } finally {
      stop(run.child);
    }
  }, 45_000);
});
