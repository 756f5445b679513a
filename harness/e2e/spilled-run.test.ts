import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../media/ffmpeg/ffmpeg-path.ts';
import { camlab, stop } from './camlab-cli.fixture.ts';
import type { RunResult } from '../../reports/run-result.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping the spilled run e2e: ffmpeg is not available');

const scenario = fileURLToPath(new URL('./fixtures/spill/short-soak.yaml', import.meta.url));

/**
 * `camlab run` as a user runs it, with CAMLAB_OBSERVATIONS_MEMORY_MB so small that the fleet's
 * log spills nearly everything to CAMLAB_SPILL_DIR: the run is judged from disk, is complete
 * (nothing lost), counts every observation, and leaves the spill folder empty.
 */
describe.skipIf(!available)('a real run whose observations spill to disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camlab-spilled-run-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is judged from disk, complete, and cleans up', async () => {
    const spillDir = join(dir, 'spill');
    const reportDir = join(dir, 'report');
    const run = camlab(['run', scenario, '--speed', '2', '--report', reportDir], {
      CAMLAB_OBSERVATIONS_MEMORY_MB: '0.02',
      CAMLAB_SPILL_DIR: spillDir,
    });
    let code: number | null;
    try {
      code = await run.exited;
    } finally {
      stop(run.child);
    }
    const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
    const said = run.stdout() + run.stderr();
    const spilled = /reading (\d+) observations \((\d+) spilled to /.exec(said);
    expect(spilled, said.slice(-2000)).not.toBeNull();
    // 0.02 MiB holds ~90 observations: the rest, hundreds of stats and requests, came back from disk.
    expect(Number(spilled![2])).toBeGreaterThan(Number(spilled![1]) / 2);
    expect(result.observationCount).toBe(Number(spilled![1]));
    expect(result.observationsDropped).toBeUndefined();
    expect(result.outcome.verdict).not.toBe('INCOMPLETE');
    // The streams were judged on their counters, read back from the spill.
    const watched = result.verdicts.find((v) => v.id === 'HUB-STR-07')!;
    expect(watched.verdict, watched.message).toBe('PASS');
    expect(code).toBe(0);
    expect(await readdir(spillDir)).toEqual([]);
  });
});
