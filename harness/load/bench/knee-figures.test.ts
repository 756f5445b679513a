import { describe, expect, it } from 'vitest';
import type { LoadStageResult, LoadSummary } from '../../../reports/run-result.ts';
import { kneeFigures } from './knee-figures.ts';

function stage(index: number, cameras: number, more: Partial<LoadStageResult> = {}): LoadStageResult {
  return {
    index,
    cameras,
    held: cameras,
    deliveredRatio: 1,
    framesSent: 0,
    framesDropped: 0,
    sessionDrops: 0,
    hubCpuCores: cameras * 0.02,
    simulator: {
      loopDelayP99Ms: 10,
      loopUtilization: 0.1,
      workerLoopUtilizationMax: 0,
      cpuCores: cameras * 0.005,
      coresAvailable: 2,
      framesSkipped: 0,
    },
    simulatorLimited: [],
    thresholds: [],
    ...more,
  };
}

describe('kneeFigures', () => {
  it('reads the last stage held before the knee, what broke, and the CPU per stream there', () => {
    const load: LoadSummary = {
      stages: [stage(0, 10), stage(1, 20), stage(2, 40, { held: 31 })],
      knee: 'Knee: sustained 20 streams; degraded at 40 (31 of 40 streams held).',
      degradedAtStage: 2,
      degradedReasons: ['31 of 40 streams held', '97.00% of frames delivered (< 99.00%)'],
      thresholdsFailed: false,
    };
    const f = kneeFigures('nms', 'node-media-server 2.7.4', load);
    expect(f).toMatchObject({
      sustainedStreams: 20,
      degradedAt: 40,
      brokeFirst: '31 of 40 streams held; 97.00% of frames delivered (< 99.00%)',
      simulatorLimitedStages: 0,
    });
    expect(f.hubCpuPerStream).toBeCloseTo(0.02, 10);
    expect(f.camlabCpuPerStream).toBeCloseTo(0.005, 10);
  });

  it('has no knee when every stage held, and never counts a SIMULATOR-LIMITED stage as held', () => {
    const held: LoadSummary = {
      stages: [stage(0, 10), stage(1, 20)],
      knee: 'Every stage held: sustained 20 streams.',
      thresholdsFailed: false,
    };
    expect(kneeFigures('motion', 'motion', held)).toMatchObject({ sustainedStreams: 20, simulatorLimitedStages: 0 });
    expect(kneeFigures('motion', 'motion', held).degradedAt).toBeUndefined();
    const limited: LoadSummary = {
      ...held,
      stages: [stage(0, 10), stage(1, 20, { simulatorLimited: ['camlab used 1.90 of 2 cores'] })],
    };
    expect(kneeFigures('motion', 'motion', limited)).toMatchObject({ sustainedStreams: 10, simulatorLimitedStages: 1 });
    // A stage camlab kept up with after a limited one still counts.
    const after: LoadSummary = { ...held, stages: [...limited.stages, stage(2, 40)] };
    expect(kneeFigures('motion', 'motion', after)).toMatchObject({ sustainedStreams: 40, simulatorLimitedStages: 1 });
  });

  it('says 0 streams sustained when the first stage degraded, with no CPU per stream', () => {
    const load: LoadSummary = {
      stages: [stage(0, 4, { held: 2 })],
      knee: 'Knee: sustained 0 streams; degraded at 4.',
      degradedAtStage: 0,
      degradedReasons: ['2 of 4 streams held'],
      thresholdsFailed: false,
    };
    const f = kneeFigures('zoneminder', 'ZoneMinder', load);
    expect(f).toMatchObject({ sustainedStreams: 0, degradedAt: 4 });
    expect(f.hubCpuPerStream).toBeUndefined();
  });
});
