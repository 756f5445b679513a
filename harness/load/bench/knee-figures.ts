import type { LoadStageResult, LoadSummary } from '../../../reports/run-result.ts';

/** One hub's knee as `npm run bench:knees` reports it. */
export interface KneeFigures {
  hub: string;
  hubName: string;
  /** Streams of the largest stage the hub sustained before the knee (0 when the first stage degraded). */
  sustainedStreams: number;
  /** Cameras of the first stage that degraded; undefined when every exercised stage held. */
  degradedAt?: number;
  /** What broke in that stage. */
  brokeFirst?: string;
  /** Stages past which camlab itself fell behind (SIMULATOR-LIMITED), counted. */
  simulatorLimitedStages: number;
  /** Cores per stream at the last sustained stage: the hub's processes, and camlab serving the same streams. */
  hubCpuPerStream?: number;
  camlabCpuPerStream?: number;
}

/**
 * A load run's knee in figures: the largest stage held (among the stages camlab kept up with),
 * the stage that degraded and why, and the CPU one stream cost the hub and camlab at the last
 * stage held. Pure.
 */
export function kneeFigures(hub: string, hubName: string, load: LoadSummary): KneeFigures {
  // As the knee search: SIMULATOR-LIMITED stages are skipped, the others speak for the hub.
  const exercised = load.stages.filter((s) => s.simulatorLimited.length === 0);
  const degraded =
    load.degradedAtStage !== undefined ? load.stages.find((s) => s.index === load.degradedAtStage) : undefined;
  const held = exercised.filter((s) => degraded === undefined || s.index < degraded.index);
  const last: LoadStageResult | undefined = held.at(-1);
  const perStream = (cores: number | undefined) =>
    last !== undefined && cores !== undefined && last.held > 0 ? cores / last.held : undefined;
  const hubCpuPerStream = perStream(last?.hubCpuCores);
  const camlabCpuPerStream = perStream(last?.simulator.cpuCores);
  return {
    hub,
    hubName,
    sustainedStreams: last?.cameras ?? 0,
    ...(degraded !== undefined ? { degradedAt: degraded.cameras } : {}),
    ...(load.degradedReasons !== undefined && load.degradedReasons.length > 0
      ? { brokeFirst: load.degradedReasons.join('; ') }
      : {}),
    simulatorLimitedStages: load.stages.filter((s) => s.simulatorLimited.length > 0).length,
    ...(hubCpuPerStream !== undefined ? { hubCpuPerStream } : {}),
    ...(camlabCpuPerStream !== undefined ? { camlabCpuPerStream } : {}),
  };
}
