import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObservationLog } from '../../simulators/observations/observation-log.ts';
import { egress, log, s, session } from '../spec/fixtures/observation-fixtures.ts';
import { framesSkippedIn } from './frames-skipped.ts';
import { LiveStageEvidence } from './live-stage-evidence.ts';
import { stageMetrics, type StageWindow } from './stage-metrics.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-live-stage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A ramp of three 5-minute stages: cameras join each stage and stream on; some drop frames, one session drops, the egress reads them. */
const observations = log(
  session({ camera: 'cam-1', fromS: 5, toS: 900 }),
  session({ camera: 'cam-2', fromS: 6, toS: 900, droppedPerS: 2 }),
  session({ camera: 'cam-3', fromS: 305, toS: 900, skippedPerS: 1 }),
  session({ camera: 'cam-4', fromS: 306, toS: 480, reason: 'timeout' }),
  session({ camera: 'cam-4', fromS: 490, toS: 900 }),
  session({ camera: 'cam-5', fromS: 605, toS: 900, wedged: [[700, 720]] }),
  egress('cam-1', 10, 900, 25, 300),
  egress('cam-3', 320, 900, 25, 900),
).sort((a, b) => a.atMs - b.atMs);

const windows: StageWindow[] = [0, 1, 2].map((index) => ({
  index,
  cameras: [2, 4, 5][index]!,
  startMs: s(index * 300),
  endMs: s((index + 1) * 300),
}));

describe("camlab load's live checks over a log that spilled", () => {
  it('give each ended stage the metrics and skipped frames the whole log gives', async () => {
    const memory = new ObservationLog();
    // Keeps a few seconds in memory: every stage's sessions opened minutes before are on disk.
    const spilled = new ObservationLog({ memoryBudgetBytes: 4_000, spillDir: dir, spillSegmentRows: 211 });
    // Following starts after the fleet's first observations, as load's onFleet does.
    const first = observations.findIndex((o) => o.atMs > s(20));
    for (const o of observations.slice(0, first)) {
      memory.record(o);
      spilled.record(o);
    }
    const live = new LiveStageEvidence(spilled);
    await live.ready;
    let next = 0;
    for (const o of observations.slice(first)) {
      // A stage is judged when the next one's mark comes: here, when time passes its end.
      if (next < windows.length && o.atMs > windows[next]!.endMs) {
        const w = windows[next++]!;
        const whole = memory.all();
        const measured = { startMs: w.startMs + 30_000, endMs: w.endMs };
        const fromLive = live.observations(w.startMs);
        expect(stageMetrics(fromLive, [w], 'hub', 30_000)).toEqual(stageMetrics(whole, [w], 'hub', 30_000));
        expect(framesSkippedIn(fromLive, measured)).toBe(framesSkippedIn(whole, measured));
        // The tail in memory alone holds no session of the stage: the old reading judged on nothing.
        expect(stageMetrics(spilled.all(), [w], 'hub', 30_000)[0]!.held).toBe(0);
        expect(stageMetrics(whole, [w], 'hub', 30_000)[0]!.held).toBeGreaterThan(0);
      }
      memory.record(o);
      spilled.record(o);
    }
    expect(next).toBe(2);
    expect(live.missed).toBe(0);
    expect(spilled.spilledTotal).toBeGreaterThan(observations.length * 0.9);
    live.close();
    await spilled.close();
  });
});
