import { describe, expect, it } from 'vitest';
import { HeadroomSampler, simulatorLimits, type SimulatorHeadroom } from './simulator-headroom.ts';

const quiet: SimulatorHeadroom = {
  index: 0,
  loopDelayP99Ms: 12,
  loopDelayMaxMs: 30,
  loopUtilization: 0.3,
  workerLoopUtilizationMax: 0.2,
  cpuCores: 0.4,
  coresAvailable: 2,
  framesSkipped: 1,
  framesSent: 10_000,
};

/** A test-only load inside camlab's own process: blocks its event loop for `ms` at a time, `times` times. */
async function blockEventLoop(ms: number, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    const until = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
    while (process.hrtime.bigint() < until);
  }
}

describe('simulatorLimits', () => {
  it('finds nothing when camlab kept up', () => {
    expect(simulatorLimits(quiet)).toEqual([]);
  });

  it('names each counter past its limit', () => {
    expect(simulatorLimits({ ...quiet, loopDelayP99Ms: 250 })).toEqual([
      "camlab's event loop ran 250 ms late at p99 (limit 100 ms)",
    ]);
    expect(simulatorLimits({ ...quiet, loopUtilization: 0.97 })).toEqual([
      "camlab's main thread was busy 97% of the stage (limit 90%)",
    ]);
    expect(simulatorLimits({ ...quiet, workerLoopUtilizationMax: 0.95 })).toEqual([
      "camlab's busiest camera worker thread was busy 95% of the stage (limit 90%)",
    ]);
    expect(simulatorLimits({ ...quiet, cpuCores: 1.9 })).toEqual([
      "camlab used 1.90 of this machine's 2 cores (limit 90% of them)",
    ]);
    expect(simulatorLimits({ ...quiet, framesSkipped: 100 })).toEqual([
      'camlab skipped 100 of 10100 frame slots (0.99%, limit 0.50%)',
    ]);
  });
});

describe('HeadroomSampler', () => {
  it("detects camlab's own lag from its own counters when something in its process blocks the event loop", async () => {
    const sampler = new HeadroomSampler();
    try {
      sampler.startStage(0);
      // The histogram needs its timer to fire between blocks; each 300 ms block delays one tick by about 300 ms.
      await blockEventLoop(300, 6);
      sampler.endStage();
      const [stage] = sampler.stages();
      expect(stage!.index).toBe(0);
      expect(stage!.loopDelayMaxMs).toBeGreaterThanOrEqual(250);
      expect(stage!.loopUtilization).toBeGreaterThan(0.5);
      expect(stage!.cpuCores).toBeGreaterThan(0);
      const reasons = simulatorLimits({ ...stage!, framesSkipped: 0, framesSent: 0 });
      expect(reasons.some((r) => r.startsWith("camlab's event loop ran"))).toBe(true);
    } finally {
      sampler.close();
    }
  });

  it("reads the busiest camera worker thread's share of the stage from its cumulative utilisation", () => {
    const sampler = new HeadroomSampler();
    // Two workers' cumulative readings (ms): the first busy 950 of the next 1000 ms, the second 100 of 1000.
    const readings = [
      [
        { idle: 1_000, active: 1_000, utilization: 0.5 },
        { idle: 500, active: 500, utilization: 0.5 },
      ],
      [
        { idle: 1_050, active: 1_950, utilization: 0.65 },
        { idle: 1_400, active: 600, utilization: 0.3 },
      ],
    ];
    let read = 0;
    sampler.watchWorkers(() => readings[Math.min(read++, 1)]!);
    sampler.startStage(0);
    sampler.endStage();
    sampler.close();
    expect(sampler.stages()[0]!.workerLoopUtilizationMax).toBeCloseTo(0.95, 6);
  });

  it('keeps one record per stage, ends the open stage on close and stops sampling', () => {
    const sampler = new HeadroomSampler();
    sampler.startStage(0);
    sampler.startStage(1);
    sampler.close();
    sampler.close();
    sampler.startStage(2);
    expect(sampler.stages().map((s) => s.index)).toEqual([0, 1]);
  });
});
