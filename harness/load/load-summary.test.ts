import { describe, expect, it } from 'vitest';
import { loadOutcome, loadSummary, loadSummaryTable } from './load-summary.ts';
import type { SimulatorHeadroom } from './simulator-headroom.ts';
import { localStageHeadroom } from './stage-headroom.ts';
import type { StageMetrics } from './stage-metrics.ts';
import { parseThreshold } from './threshold.ts';

const stage = (index: number, cameras: number, over: Partial<StageMetrics> = {}): StageMetrics => ({
  index,
  cameras,
  held: cameras,
  deliveredRatio: 1,
  framesSent: cameras * 250,
  framesDropped: 0,
  drops: 0,
  latencyP95Ms: 400,
  ...over,
});
const kept = (index: number): SimulatorHeadroom => ({
  index,
  loopDelayP99Ms: 11,
  loopDelayMaxMs: 20,
  loopUtilization: 0.2,
  workerLoopUtilizationMax: 0.1,
  cpuCores: 0.3,
  coresAvailable: 2,
  framesSkipped: 0,
  framesSent: 1_000,
});
const local = (h: SimulatorHeadroom) => localStageHeadroom(h, 'lab-1');
const thresholds = ['delivered>=0.99', 'latency_p95<2s'].map(parseThreshold);
const pass = { verdict: 'PASS' as const, waived: 0, text: 'PASS' };

describe('loadSummary', () => {
  it('judges every threshold on every stage camlab kept up with', () => {
    const summary = loadSummary({
      metrics: [stage(0, 10), stage(1, 20, { deliveredRatio: 0.9, latencyP95Ms: 2_500 })],
      headroom: [kept(0), kept(1)].map(local),
      thresholds,
    });
    expect(summary.stages.map((s) => s.thresholds.map((t) => t.result))).toEqual([
      ['pass', 'pass'],
      ['fail', 'fail'],
    ]);
    expect(summary.thresholdsFailed).toBe(true);
    expect(summary.degradedAtStage).toBe(1);
    expect(summary.knee).toMatch(/^Knee: sustained 10 streams; degraded at 20/);
    expect(summary.advice).toBeUndefined();
    expect(loadSummaryTable(summary)).toContain('| 2 | 20 | 20 | 90.00% |');
    expect(loadSummaryTable(summary)).toContain('A threshold failed (exit code 99).');
  });

  it('marks a stage where camlab fell behind SIMULATOR-LIMITED: thresholds not judged, no knee claimed, advice given', () => {
    const lagging = { ...kept(1), loopDelayP99Ms: 480 };
    const summary = loadSummary({
      metrics: [stage(0, 10), stage(1, 20, { deliveredRatio: 0.5, latencyP95Ms: 9_000 })],
      headroom: [kept(0), lagging].map(local),
      thresholds,
    });
    expect(summary.stages[1]!.simulatorLimited).toEqual(["camlab's event loop ran 480 ms late at p99 (limit 100 ms)"]);
    expect(summary.stages[1]!.thresholds.map((t) => t.result)).toEqual(['not judged', 'not judged']);
    expect(summary.thresholdsFailed).toBe(false);
    expect(summary.degradedAtStage).toBeUndefined();
    expect(summary.knee).toBe(
      'No knee found: the hub held every stage camlab kept up with, up to 10 streams. Stage 2 (20 cameras) SIMULATOR-LIMITED: camlab itself fell behind, NOT EXERCISED, not counted.',
    );
    expect(summary.advice).toMatch(/--workers/);
    const table = loadSummaryTable(summary);
    expect(table).toContain('SIMULATOR-LIMITED');
    expect(table).toContain('Stage 2 SIMULATOR-LIMITED (NOT EXERCISED)');
    expect(loadOutcome(pass, summary)).toEqual({
      verdict: 'INCONCLUSIVE',
      waived: 0,
      text: 'INCONCLUSIVE (1 stage(s) SIMULATOR-LIMITED)',
    });
    expect(loadOutcome({ ...pass, verdict: 'FAIL', text: 'FAIL' }, summary).verdict).toBe('INCONCLUSIVE');
  });

  it('keeps a FAIL when the hub degraded in a stage camlab kept up with, before the limited one', () => {
    const summary = loadSummary({
      metrics: [stage(0, 10, { held: 7 }), stage(1, 20)],
      headroom: [kept(0), { ...kept(1), framesSkipped: 900 }].map(local),
      thresholds: [],
    });
    expect(summary.degradedAtStage).toBe(0);
    expect(loadOutcome({ verdict: 'FAIL', waived: 0, text: 'FAIL' }, summary).verdict).toBe('FAIL');
  });

  it('skips a SIMULATOR-LIMITED stage in the knee search: the stages after it still speak for the hub', () => {
    const summary = loadSummary({
      metrics: [stage(0, 2), stage(1, 4, { deliveredRatio: 0.9 }), stage(2, 8), stage(3, 16, { latencyP95Ms: 13_580 })],
      headroom: [kept(0), { ...kept(1), framesSkipped: 8 }, kept(2), kept(3)].map(local),
      thresholds: [],
    });
    expect(summary.degradedAtStage).toBe(3);
    expect(summary.degradedReasons).toEqual(['p95 latency 13580 ms (> 2000 ms)']);
    expect(summary.knee).toBe(
      'Knee: sustained 8 streams; degraded at 16 (p95 latency 13580 ms (> 2000 ms)). Stage 2 (4 cameras) SIMULATOR-LIMITED: camlab itself fell behind, NOT EXERCISED, not counted.',
    );
  });

  it('treats a stage without its own headroom sample as SIMULATOR-LIMITED, never as exercised', () => {
    const summary = loadSummary({ metrics: [stage(0, 10)], headroom: [], thresholds });
    expect(summary.stages[0]!.simulatorLimited).toEqual(['camlab did not sample its own headroom in this stage']);
    expect(summary.stages[0]!.thresholds.every((t) => t.result === 'not judged')).toBe(true);
  });

  it('says "not measured" where the stage has no value for the metric', () => {
    const summary = loadSummary({
      metrics: [stage(0, 10, { latencyP95Ms: undefined })],
      headroom: [kept(0)].map(local),
      thresholds,
    });
    expect(summary.stages[0]!.thresholds.map((t) => t.result)).toEqual(['pass', 'not measured']);
    expect(summary.thresholdsFailed).toBe(false);
  });
});
