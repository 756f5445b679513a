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
});
