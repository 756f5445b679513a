import { describe, expect, it } from 'vitest';
import { addCapacityAdvice, type SimulatorHeadroom } from './simulator-headroom.ts';
import { judgeStageHeadroom, localStageHeadroom, type ProcessStageHeadroom } from './stage-headroom.ts';

const kept: SimulatorHeadroom = {
  index: 2,
  loopDelayP99Ms: 10,
  loopDelayMaxMs: 20,
  loopUtilization: 0.3,
  workerLoopUtilizationMax: 0.4,
  cpuCores: 0.5,
  coresAvailable: 2,
  framesSkipped: 1,
  framesSent: 5_000,
};
const coordinator: ProcessStageHeadroom = {
  role: 'coordinator',
  name: 'the coordinator (this process)',
  host: 'runner',
  headroom: { ...kept, workerLoopUtilizationMax: 0, framesSkipped: 0, framesSent: 0 },
};
const shard = (i: number, host: string, over: Partial<SimulatorHeadroom> = {}): ProcessStageHeadroom => ({
  role: 'shard',
  name: `shard ${i}/2 at http://sim-${i}:8080`,
  host,
  headroom: { ...kept, ...over },
});

describe('judgeStageHeadroom', () => {
  it("judges a local run's one process as before: its reasons unprefixed, the --workers advice, no breakdown", () => {
    const judged = judgeStageHeadroom(localStageHeadroom({ ...kept, loopUtilization: 0.95 }, 'lab'));
    expect(judged.limited).toEqual(["camlab's main thread was busy 95% of the stage (limit 90%)"]);
    expect(judged.advice).toEqual([addCapacityAdvice]);
    expect(judged.simulator).toEqual({
      loopDelayP99Ms: 10,
      loopUtilization: 0.95,
      workerLoopUtilizationMax: 0.4,
      cpuCores: 0.5,
      coresAvailable: 2,
      framesSkipped: 1,
    });
  });

  it('marks the stage when any shard fell behind, naming that shard and its limit, and advises capacity for it alone', () => {
    const judged = judgeStageHeadroom({
      index: 2,
      processes: [coordinator, shard(0, 'runner'), shard(1, 'sim-1', { loopDelayP99Ms: 300, framesSkipped: 90 })],
    });
    expect(judged.limited).toEqual([
      "shard 1/2 at http://sim-1:8080: camlab's event loop ran 300 ms late at p99 (limit 100 ms)",
      'shard 1/2 at http://sim-1:8080: camlab skipped 90 of 5090 frame slots (1.77%, limit 0.50%)',
    ]);
    expect(judged.advice).toEqual([
      'Shard 1/2 at http://sim-1:8080 fell behind: give it more capacity and run again — `camlab sim --workers auto` on a machine with more cores, or spread the fleet over more shards (`camlab sim --shard I/N` with a larger N, every URL in --shards).',
    ]);
    // The worst delay and busy shares, CPU and skipped slots summed, each machine's cores once.
    expect(judged.simulator).toMatchObject({
      loopDelayP99Ms: 300,
      loopUtilization: 0.3,
      workerLoopUtilizationMax: 0.4,
      cpuCores: 1.5,
      coresAvailable: 4,
      framesSkipped: 91,
    });
    expect(judged.simulator.processes?.map((p) => [p.process, p.host, p.loopDelayP99Ms])).toEqual([
      ['the coordinator (this process)', 'runner', 10],
      ['shard 0/2 at http://sim-0:8080', 'runner', 10],
      ['shard 1/2 at http://sim-1:8080', 'sim-1', 300],
    ]);
  });

  it('keeps a stage every shard and the coordinator kept up with exercised', () => {
    const judged = judgeStageHeadroom({
      index: 2,
      processes: [coordinator, shard(0, 'sim-0'), shard(1, 'sim-1')],
    });
    expect([judged.limited, judged.advice]).toEqual([[], []]);
  });

  it('never trusts a shard it could not measure, nor a coordinator that lagged (it times the egress)', () => {
    const unmeasured: ProcessStageHeadroom = {
      role: 'shard',
      name: 'shard 0/2 at http://sim-0:8080',
      host: 'sim-0',
      unmeasured: 'its headroom could not be read (no answer before the deadline)',
    };
    const lagging = { ...coordinator, headroom: { ...coordinator.headroom!, cpuCores: 1.95 } };
    const judged = judgeStageHeadroom({ index: 2, processes: [lagging, unmeasured, shard(1, 'sim-1')] });
    expect(judged.limited).toEqual([
      "the coordinator (this process): camlab used 1.95 of this machine's 2 cores (limit 90% of them)",
      'shard 0/2 at http://sim-0:8080: its headroom could not be read (no answer before the deadline)',
    ]);
    expect(judged.advice).toEqual([
      expect.stringMatching(/^Shard 0\/2 at http:\/\/sim-0:8080 fell behind: give it more capacity/),
      expect.stringMatching(/^The coordinator \(this camlab load process: the hub adapter, its egress readers/),
    ]);
  });

  it('treats a stage nobody sampled as SIMULATOR-LIMITED', () => {
    expect(judgeStageHeadroom(undefined).limited).toEqual(['camlab did not sample its own headroom in this stage']);
  });
});
