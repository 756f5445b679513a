import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { Observation } from '../../simulators/observations/observation.ts';
import type { Capability } from '../hubs/hub-adapter.ts';
import { recordingRun, recordingStory, run, runLog, survivalLog } from '../spec/fixtures/generated-runs.ts';
import { log, session } from '../spec/fixtures/observation-fixtures.ts';
import { specification } from '../spec/specification.ts';
import { evaluate } from './evaluate.ts';
import { observationsForJudging } from './observations-for-judging.ts';
import { runOutcome } from './run-outcome.ts';
import { stageMetrics } from '../load/stage-metrics.ts';
import { framesSkippedIn } from '../load/frames-skipped.ts';

const capabilities = new Set<Capability>([
  'start',
  'provision',
  'alarms',
  'recordings',
  'recording-frames',
  'ptz',
  'egress',
]);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-spilled-judging-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A log that keeps almost nothing in memory: nearly everything is judged from disk. */
function tinyLog(observations: readonly Observation[], spillDir = dir): ObservationLog {
  const spilled = new ObservationLog({ memoryBudgetBytes: 2_000, spillDir, spillSegmentRows: 97 });
  for (const o of observations) spilled.record(o);
  return spilled;
}

const judge = (observations: readonly Observation[]) =>
  [run, recordingRun].map((facts) =>
    evaluate({ requirements: specification.requirements, overrides: {}, observations, run: facts, capabilities }),
  );

describe('judging a log that spilled to disk', () => {
  it('gives every requirement the verdict, message, measurement and evidence the log in memory gives', async () => {
    const decided = new Set<string>();
    await fc.assert(
      fc.asyncProperty(runLog, recordingStory, survivalLog, async (base, story, survival) => {
        const observations = log(base, story.linkLosses, story.recorderRequests, Object.values(survival));
        const spilled = tinyLog(observations);
        try {
          const judged = await observationsForJudging(spilled);
          expect(spilled.spilledTotal).toBe(observations.length - spilled.memorySize);
          expect(spilled.droppedTotal, spilled.lostReasons.join('\n')).toBe(0);
          expect(spilled.size).toBe(observations.length);
          const expected = judge(observations);
          expect(judge(judged)).toEqual(expected);
          for (const v of expected.flat()) if (v.verdict === 'PASS' || v.verdict === 'FAIL') decided.add(v.id);
        } finally {
          await spilled.close();
        }
      }),
      { numRuns: 12, seed: 2026_12 },
    );
    // The generated runs decide (PASS or FAIL) most requirements, so the comparison is not of NOT EXERCISED alone.
    expect(decided.size).toBeGreaterThan(specification.requirements.length / 2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reads every observation back in record order, equal to what was recorded', async () => {
    const observations = log(
      session({ camera: 'cam-1', fromS: 0, toS: 40, reason: 'teardown', droppedPerS: 1, skippedPerS: 2 }),
      session({ camera: 'cam-2', fromS: 5, stalls: [[10, 20]] }),
      { kind: 'mark', atMs: 1_000_500, label: 'a mark between stats' },
      // Stats from before 2026.12 (no queue-full or skipped counters), at a fractional time, with 6 GB sent.
      {
        kind: 'rtsp.session.stats',
        atMs: 1_002_000.25,
        camera: 'cam-3',
        session: 'old',
        profile: 'sub',
        framesSent: 7,
        bytesSent: 6e9,
        framesDropped: 0.5,
      },
    );
    const spilled = tinyLog(observations);
    const back: Observation[] = [];
    for await (const batch of spilled.scan()) back.push(...batch);
    expect(back).toStrictEqual(observations);
    expect(spilled.bytesOnDisk).toBeGreaterThan(0);
    await spilled.close();
  });

  it('gives the load metrics the counters the log in memory gives', async () => {
    const observations = log(
      session({ camera: 'cam-1', fromS: 0, toS: 40, reason: 'client-closed', droppedPerS: 1, skippedPerS: 2 }),
      session({ camera: 'cam-2', fromS: 5, stalls: [[10, 20]] }),
    );
    const spilled = tinyLog(observations);
    const judged = await observationsForJudging(spilled);
    const window = { index: 0, cameras: 2, startMs: 1_000_000, endMs: 1_030_000 };
    expect(stageMetrics(judged, [window], 'hub', 2_000)).toEqual(stageMetrics(observations, [window], 'hub', 2_000));
    expect(framesSkippedIn(judged, window)).toBe(framesSkippedIn(observations, window));
    expect(framesSkippedIn(judged, window)).toBeGreaterThan(0);
    await spilled.close();
  });
});

describe('a run that lost evidence on the way to disk', () => {
  it('counts what it could not write, says why, and cannot PASS', async () => {
    // A spill folder under a regular file: every write fails, as on a full or vanished disk.
    const notADir = join(dir, 'a-file');
    await writeFile(notADir, '');
    const observations = log(session({ camera: 'cam-1', fromS: 0, toS: 60, reason: 'teardown' }));
    const broken = tinyLog(observations, notADir);
    const judged = await observationsForJudging(broken);
    expect(broken.droppedTotal).toBe(broken.spilledTotal);
    expect(broken.droppedTotal).toBeGreaterThan(0);
    expect(broken.lostReasons.join('\n')).toMatch(/ENOTDIR/);
    expect(judged.length).toBeLessThan(observations.length);
    // Even a run whose every judged requirement passed proves nothing once evidence is lost.
    const passed = judge(observations)[0]!.filter((v) => v.verdict === 'PASS');
    expect(passed.length).toBeGreaterThan(0);
    expect(runOutcome({ status: 'complete', verdicts: passed }).verdict).toBe('PASS');
    expect(runOutcome({ status: 'complete', verdicts: passed, observationsDropped: broken.droppedTotal }).verdict).toBe(
      'INCOMPLETE',
    );
    await broken.close();
    await rm(notADir);
  });
});

describe('reading the log while it records (camlab load judges each stage as it ends)', () => {
  it('gives each read the views of that moment, not those memoised at an earlier one', () => {
    const live = new ObservationLog();
    const observations = log(session({ camera: 'cam-1', fromS: 0, toS: 40, reason: 'teardown' }));
    const window = (endS: number) => ({ index: 0, cameras: 1, startMs: 1_000_000, endMs: 1_000_000 + endS * 1000 });
    for (const o of observations.filter((o) => o.atMs <= 1_010_000)) live.record(o);
    expect(stageMetrics(live.all(), [window(10)], 'hub', 0)[0]!.framesSent).toBe(250);
    for (const o of observations.filter((o) => o.atMs > 1_010_000)) live.record(o);
    expect(stageMetrics(live.all(), [window(40)], 'hub', 0)[0]!.framesSent).toBe(1000);
  });
});
