import { describe, expect, it } from 'vitest';
import { HubCpuSampler, hubCpuCoresBetween } from './hub-cpu-sampler.ts';
import type { ProcStat } from './process-tree-cpu.ts';

describe('hubCpuCoresBetween', () => {
  const samples = [
    { atMs: 0, ticks: 0 },
    { atMs: 1_000, ticks: 50 },
    { atMs: 2_000, ticks: 250 },
    { atMs: 4_000, ticks: 650 },
  ];
  it('is ticks over seconds between the samples at or before each end (100 ticks a second = one core)', () => {
    expect(hubCpuCoresBetween(samples, 1_000, 4_000)).toBe(2);
    expect(hubCpuCoresBetween(samples, 1_500, 2_500)).toBe(2);
    expect(hubCpuCoresBetween(samples, 0, 1_000)).toBe(0.5);
  });
  it('starts at the first sample inside the window when none comes before it', () => {
    expect(hubCpuCoresBetween(samples.slice(1), 0, 2_000)).toBe(2);
  });
  it('is undefined without two samples in reach', () => {
    expect(hubCpuCoresBetween([], 0, 1_000)).toBeUndefined();
    expect(hubCpuCoresBetween(samples, 4_500, 5_000)).toBeUndefined();
  });
  it('never reads negative when the tree lost processes it had not reaped', () => {
    expect(
      hubCpuCoresBetween(
        [
          { atMs: 0, ticks: 500 },
          { atMs: 1_000, ticks: 100 },
        ],
        0,
        1_000,
      ),
    ).toBe(0);
  });
});

describe('HubCpuSampler', () => {
  it('samples the trees of the PIDs it is given, and nothing before there are any', async () => {
    let pids: number[] = [];
    let nowMs = 0;
    let ticks = 0;
    const table = (): Promise<ProcStat[]> =>
      Promise.resolve([
        { pid: 5, ppid: 1, ticks: (ticks += 30) },
        { pid: 6, ppid: 5, ticks: 10 },
      ]);
    const sampler = new HubCpuSampler({
      processIds: () => pids,
      now: () => nowMs,
      intervalMs: 60_000,
      readTable: table,
    });
    await sampler.sample();
    expect(sampler.all()).toEqual([]);
    pids = [5];
    await sampler.sample();
    nowMs = 1_000;
    await sampler.sample();
    sampler.close();
    await sampler.sample();
    expect(sampler.all()).toEqual([
      { atMs: 0, ticks: 40 },
      { atMs: 1_000, ticks: 70 },
    ]);
  });
});
