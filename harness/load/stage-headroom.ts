import type { LoadStageResult } from '../../reports/run-result.ts';
import {
  addCapacityAdvice,
  defaultHeadroomLimits,
  simulatorLimits,
  type HeadroomLimits,
  type SimulatorHeadroom,
} from './simulator-headroom.ts';

/**
 * One process's part in serving a stage:
 * - `simulator`: camlab's own process in a local run, cameras and all;
 * - `shard`: a `camlab sim --shard I/N` process driven over its control API (`--shards`);
 * - `coordinator`: the `camlab load --shards` process itself. It serves no camera (its loop is no
 *   camera's clock, and skipped frame slots are the shards'), but it runs the hub adapter, the
 *   egress readers that time frames leaving the hub, and the shards' observation streams: when its
 *   loop lags or it takes the machine's cores, latency reads high and a hub beside it is starved,
 *   so its loop delay, busy share and CPU are judged as a simulator's.
 */
export interface ProcessStageHeadroom {
  role: 'simulator' | 'shard' | 'coordinator';
  /** Who, as the reasons name it (`shard 1/2 at URL`); absent for the local simulator, whose reasons read as always. */
  name?: string;
  /** The machine it runs on: its cores are counted once however many processes share it. */
  host: string;
  /** Measured over the stage; absent when it could not be (`unmeasured` says why). */
  headroom?: SimulatorHeadroom;
  unmeasured?: string;
}

/** Every process's part in one stage. */
export interface StageHeadroom {
  index: number;
  processes: readonly ProcessStageHeadroom[];
}

/** A local run's stage: camlab's one process. */
export function localStageHeadroom(h: SimulatorHeadroom, host: string): StageHeadroom {
  return { index: h.index, processes: [{ role: 'simulator', host, headroom: h }] };
}

export interface JudgedStageHeadroom {
  simulator: LoadStageResult['simulator'];
  /** Why the stage is SIMULATOR-LIMITED, each reason naming its process where there are several; empty when every process kept up. */
  limited: string[];
  /** What to do about it, one sentence per kind of process that fell behind. */
  advice: string[];
}

const shardAdvice = (names: readonly string[]): string =>
  `${names.join(', ').replace(/^./, (c) => c.toUpperCase())} fell behind: give ${names.length > 1 ? 'them' : 'it'} more capacity and run again — \`camlab sim --workers auto\` on a machine with more cores, or spread the fleet over more shards (\`camlab sim --shard I/N\` with a larger N, every URL in --shards).`;

const coordinatorAdvice =
  'The coordinator (this camlab load process: the hub adapter, its egress readers and the shards’ observation streams) fell behind: run it on a machine of its own or with more cores.';

/**
 * Judges a stage's processes against the limits and merges their figures: the stage is
 * SIMULATOR-LIMITED when any process fell behind or could not be measured. The merged figures are
 * the worst loop delay and busy shares, the CPU summed, the cores of each machine once, the
 * skipped frame slots summed; with more than one process, each one's own figures too. Pure.
 */
export function judgeStageHeadroom(
  stage: StageHeadroom | undefined,
  limits: HeadroomLimits = defaultHeadroomLimits,
): JudgedStageHeadroom {
  const processes = stage?.processes ?? [];
  if (processes.length === 0)
    return {
      simulator: {
        loopDelayP99Ms: 0,
        loopUtilization: 0,
        workerLoopUtilizationMax: 0,
        cpuCores: 0,
        coresAvailable: 0,
        framesSkipped: 0,
      },
      limited: ['camlab did not sample its own headroom in this stage'],
      advice: [addCapacityAdvice],
    };
  const limited: string[] = [];
  const behind = { simulator: false, shards: [] as string[], coordinator: false };
  for (const p of processes) {
    const reasons =
      p.headroom !== undefined
        ? simulatorLimits(p.headroom, limits)
        : [p.unmeasured ?? 'its headroom was not measured in this stage'];
    if (reasons.length === 0) continue;
    limited.push(...reasons.map((r) => (p.name !== undefined ? `${p.name}: ${r}` : r)));
    if (p.role === 'simulator') behind.simulator = true;
    else if (p.role === 'coordinator') behind.coordinator = true;
    else behind.shards.push(p.name ?? p.host);
  }
  const measured = processes.flatMap((p) => (p.headroom !== undefined ? [{ ...p, headroom: p.headroom }] : []));
  const coresByHost = new Map<string, number>();
  for (const p of measured) coresByHost.set(p.host, Math.max(coresByHost.get(p.host) ?? 0, p.headroom.coresAvailable));
  const max = (f: (h: SimulatorHeadroom) => number): number => Math.max(0, ...measured.map((p) => f(p.headroom)));
  const sum = (f: (h: SimulatorHeadroom) => number): number => measured.reduce((t, p) => t + f(p.headroom), 0);
  const figuresOf = (h: SimulatorHeadroom) => ({
    loopDelayP99Ms: h.loopDelayP99Ms,
    loopUtilization: h.loopUtilization,
    workerLoopUtilizationMax: h.workerLoopUtilizationMax,
    cpuCores: h.cpuCores,
    coresAvailable: h.coresAvailable,
    framesSkipped: h.framesSkipped,
  });
  return {
    simulator: {
      loopDelayP99Ms: max((h) => h.loopDelayP99Ms),
      loopUtilization: max((h) => h.loopUtilization),
      workerLoopUtilizationMax: max((h) => h.workerLoopUtilizationMax),
      cpuCores: sum((h) => h.cpuCores),
      coresAvailable: [...coresByHost.values()].reduce((a, b) => a + b, 0),
      framesSkipped: sum((h) => h.framesSkipped),
      ...(processes.length > 1 || processes[0]!.name !== undefined
        ? {
            processes: measured.map((p) => ({
              process: p.name ?? p.role,
              host: p.host,
              ...figuresOf(p.headroom),
            })),
          }
        : {}),
    },
    limited,
    advice: [
      ...(behind.simulator ? [addCapacityAdvice] : []),
      ...(behind.shards.length > 0 ? [shardAdvice(behind.shards)] : []),
      ...(behind.coordinator ? [coordinatorAdvice] : []),
    ],
  };
}
