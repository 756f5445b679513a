import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../../media/ffmpeg/ffmpeg-path.ts';
import type { RunResult } from '../../../reports/run-result.ts';
import { camlab, stop } from '../../e2e/camlab-cli.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping camlab load thresholds e2e: ffmpeg is not available');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('camlab load FILE with thresholds', () => {
  it("judges the file's and the command line's thresholds per stage, reports camlab's headroom, and exits 99 on a failed threshold", async () => {
    const file = join(dir, 'ramp.yaml');
    // hub: none — nobody pulls the streams, so no stage holds one: 'held>=1' must fail.
    await writeFile(
      file,
      [
        'name: unattended',
        'hub: none',
        'stages:',
        '  - { cameras: 1, hold: 2s }',
        '  - { cameras: 2, hold: 2s }',
        'thresholds:',
        '  - held>=1',
        '',
      ].join('\n'),
    );
    const reportDir = join(dir, 'report');
    const run = camlab(['load', file, '--threshold', 'session_drops==0', '--report', reportDir, '--format', 'none']);
    try {
      const code = await run.exited;
      const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
      const load = result.load!;
      expect(load.stages.map((s) => [s.cameras, s.held, s.thresholds.map((t) => t.threshold)])).toEqual([
        [1, 0, ['held>=1', 'session_drops==0']],
        [2, 0, ['held>=1', 'session_drops==0']],
      ]);
      // camlab sampled its own counters in every stage.
      expect(load.stages.every((s) => s.simulator.coresAvailable > 0)).toBe(true);
      const html = await readFile(join(reportDir, 'report.html'), 'utf8');
      expect(html).toContain('<section id="load"><h2>Load stages</h2>');
      const exercised = load.stages.filter((s) => s.simulatorLimited.length === 0);
      if (exercised.length > 0) {
        expect(exercised.every((s) => s.thresholds[0]!.result === 'fail' && s.thresholds[1]!.result === 'pass')).toBe(
          true,
        );
        expect(load.thresholdsFailed).toBe(true);
        expect(code, run.stderr()).toBe(99);
      } else {
        // This machine was too busy for camlab itself: nothing may be judged against the hub.
        console.warn('every stage was SIMULATOR-LIMITED on this machine; checked that nothing was judged');
        expect(load.stages.every((s) => s.thresholds.every((t) => t.result === 'not judged'))).toBe(true);
        expect(code).not.toBe(99);
        expect(load.advice).toMatch(/--workers/);
      }
    } finally {
      stop(run.child);
    }
  }, 60_000);

  it('stops the ramp when an abortOnFail threshold fails in an exercised stage, and exits 99 with a partial report', async () => {
    const file = join(dir, 'abort.yaml');
    await writeFile(
      file,
      [
        'name: abort',
        'hub: none',
        'stages:',
        '  - { cameras: 1, hold: 2s }',
        '  - { cameras: 2, hold: 2s }',
        '  - { cameras: 3, hold: 30s }',
        'thresholds:',
        '  - { threshold: held>=1, abortOnFail: true }',
        '',
      ].join('\n'),
    );
    const reportDir = join(dir, 'abort-report');
    const run = camlab(['load', file, '--report', reportDir, '--format', 'none']);
    try {
      const code = await run.exited;
      const result = JSON.parse(await readFile(join(reportDir, 'result.json'), 'utf8')) as RunResult;
      const load = result.load!;
      if (load.stages.slice(0, 2).some((s) => s.simulatorLimited.length === 0)) {
        expect(code, run.stderr()).toBe(99);
        expect(load.abortedBy).toMatch(/^threshold 'held>=1' \(abortOnFail\) failed in stage [12]$/);
        expect(result.status).toBe('partial');
        // The stage the abort cut off at its start is not reported: it held only the stopping.
        const abortedIn = Number(/stage (\d)$/.exec(load.abortedBy!)![1]);
        expect(load.stages.at(-1)!.index + 1).toBe(abortedIn);
        // Stopped at the mark that ended the failing stage (stage 1, or stage 2 where a loaded
        // machine left stage 1 SIMULATOR-LIMITED): nothing of the 30 s third stage played on.
        expect(result.timeline.filter((e) => e.type === 'mark').length).toBe(abortedIn + 1);
      } else {
        console.warn('the first stages were SIMULATOR-LIMITED on this machine; checked that nothing aborted the ramp');
        expect(load.abortedBy).toBeUndefined();
      }
    } finally {
      stop(run.child);
    }
  }, 90_000);

  it('refuses a bad --threshold before starting anything, pointing at the column', async () => {
    const run = camlab(['load', '--hub', 'none', '--threshold', 'delivered>=150%']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(
      "--threshold 'delivered>=150%': column 12: 'delivered' is a ratio: expected at most 1 (or 100%), got 150%",
    );
  });
});
