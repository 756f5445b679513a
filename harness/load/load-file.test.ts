import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../simulators/config/yaml-document.ts';
import { loadLoadFile } from './load-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-load-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function issuesOf(text: string): Promise<string[]> {
  const file = join(dir, 'bad.yaml');
  await writeFile(file, text);
  try {
    await loadLoadFile(file);
  } catch (err) {
    if (err instanceof InputError) return err.issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('loadLoadFile', () => {
  it('reads the shipped ramp: stages in ms, thresholds parsed, abortOnFail with its delay', async () => {
    const { load } = await loadLoadFile('scenarios/loads/nms-ramp.yaml');
    expect(load.hub).toBe('nms');
    expect(load.fleet).toEqual({ workers: 2, site: 'load' });
    expect(load.stages.map((s) => [s.cameras, s.hold])).toEqual([
      [25, 30_000],
      [50, 30_000],
      [100, 30_000],
      [200, 30_000],
    ]);
    expect(load.thresholds.map((t) => [t.threshold.source, t.abortOnFail, t.delayAbortEvalMs])).toEqual([
      ['delivered>=0.99', false, 0],
      ['session_drops==0', false, 0],
      ['latency_p95<2s', true, 60_000],
    ]);
  });

  it('names line, column, field and expectation for every problem', async () => {
    const issues = await issuesOf(
      [
        'name: bad',
        'stages:',
        '  - { cameras: 10, hold: 30s }',
        '  - { cameras: 20, hold: 30 }',
        'thresholds:',
        "  - 'delivered>=1.5'",
        '  - threshold: lag<2s',
        '    abortOnFial: true',
        '',
      ].join('\n'),
    );
    expect(issues).toEqual([
      "4:26 stages[1].hold: expected a duration such as '500ms', '30s', '2m' or '1h', got '30' (a bare number; add its unit)",
      "6:5 thresholds[0].threshold: threshold 'delivered>=1.5' at column 12: 'delivered' is a ratio: expected at most 1 (or 100%), got 1.5",
      "7:16 thresholds[1].threshold: threshold 'lag<2s' at column 1: unknown metric 'lag'; expected one of delivered, held, held_ratio, session_drops, frames_sent, frames_dropped, latency_p95",
      '8:18 thresholds[1].abortOnFial: Unrecognized key: "abortOnFial"',
    ]);
  });

  it('refuses a ramp that does not rise, at the stage that falls', async () => {
    expect(
      await issuesOf('name: falls\nstages:\n  - { cameras: 10, hold: 30s }\n  - { cameras: 5, hold: 30s }\n'),
    ).toEqual(["4:16 stages[1].cameras: expected more than stage 1's 10 cameras (a ramp only rises), got 5"]);
  });

  it('refuses an empty ramp', async () => {
    expect(await issuesOf('name: empty\nstages: []\n')).toEqual([expect.stringMatching(/^2:9 stages: /)]);
  });

  it('reads the shards that serve the fleet, and refuses a bad URL, a shard twice, or workers beside them', async () => {
    const file = join(dir, 'shards.yaml');
    await writeFile(
      file,
      'name: over-shards\nfleet:\n  shards: [http://sim-0:8080, http://sim-1:8080]\nstages:\n  - { cameras: 4, hold: 5s }\n',
    );
    expect((await loadLoadFile(file)).load.fleet.shards).toEqual(['http://sim-0:8080', 'http://sim-1:8080']);
    expect(
      await issuesOf(
        'name: bad\nfleet:\n  workers: 2\n  shards: [sim-0:8080, http://a:1, http://a:1]\nstages:\n  - { cameras: 4, hold: 5s }\n',
      ),
    ).toEqual([
      '4:12 fleet.shards[0]: expected an http(s) URL such as http://camlab-sim-0.camlab-sim:8080',
      '4:11 fleet.shards: expected each shard once',
      '3:12 fleet.workers: give workers or shards, not both: the shards run their own workers (camlab sim --workers)',
    ]);
  });
});
