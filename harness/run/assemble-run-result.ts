import type { Observation } from '../../simulators/observations/observation.ts';
import type { Plan } from '../plan/plan-types.ts';
import {
  runResultSchemaVersion,
  type AppliedProfile,
  type InputFile,
  type RequirementVerdict,
  type RunResult,
  type TimelineEvent,
} from '../../reports/run-result.ts';
import { runOutcome } from '../verdicts/run-outcome.ts';
import { summarize } from '../verdicts/summarize.ts';
import type { Capability, HubIdentity } from '../hubs/hub-adapter.ts';
import { distributionOf } from './distribution.ts';
import { alarmIntervals, egressLatencies, reconnectTimes, sessionIntervals } from './run-intervals.ts';

export interface RunResultInput {
  camlabVersion: string;
  plan: Plan;
  scenario: { file?: string; source: string; description?: string };
  hubs: { instance: string; adapter: string; identity: HubIdentity; capabilities: Capability[] }[];
  startMs: number;
  endMs: number;
  timeline: readonly TimelineEvent[];
  observations: readonly Observation[];
  /** Observations the run kept, where `observations` holds fewer (a spilled log's stats live in its sessions' counters). */
  observationCount?: number;
  verdicts: readonly RequirementVerdict[];
  /** Set when the run did not finish: Ctrl-C, a crashed hub, an infrastructure failure. */
  partialReason?: string;
  profile?: AppliedProfile;
  inputs: readonly InputFile[];
  /** Observations the fleet's log dropped for its bound: evidence lost. */
  observationsDropped?: number;
}

/** Puts together everything a run leaves for the renderers in reports/. Pure. */
export function assembleRunResult(input: RunResultInput): RunResult {
  const { plan, observations } = input;
  const siteOf = new Map(plan.cameras.map((c) => [c.id, c.site]));
  const latency = distributionOf(egressLatencies(observations));
  const reconnect = distributionOf(reconnectTimes(observations));
  const status = input.partialReason === undefined ? 'complete' : 'partial';
  return {
    schemaVersion: runResultSchemaVersion,
    camlabVersion: input.camlabVersion,
    specVersion: plan.specVersion,
    status,
    ...(input.partialReason !== undefined ? { partialReason: input.partialReason } : {}),
    scenario: {
      name: plan.scenario,
      ...(input.scenario.file !== undefined ? { file: input.scenario.file } : {}),
      seed: plan.seed,
      speed: plan.speed,
      source: input.scenario.source,
      ...(input.scenario.description !== undefined ? { description: input.scenario.description } : {}),
    },
    hubs: input.hubs,
    startedAt: new Date(input.startMs).toISOString(),
    endedAt: new Date(input.endMs).toISOString(),
    startMs: input.startMs,
    endMs: input.endMs,
    sites: plan.sites,
    cameras: plan.cameras.map((c) => ({ id: c.id, site: c.site, model: c.model, ptz: c.ptz })),
    verdicts: [...input.verdicts],
    summary: summarize(input.verdicts),
    outcome: runOutcome({
      status,
      verdicts: input.verdicts,
      ...(input.observationsDropped !== undefined ? { observationsDropped: input.observationsDropped } : {}),
    }),
    ...(input.profile !== undefined ? { profile: input.profile } : {}),
    inputs: [...input.inputs],
    timeline: [...input.timeline],
    sessions: sessionIntervals(observations, siteOf),
    alarms: alarmIntervals(observations, siteOf),
    distributions: {
      ...(latency !== undefined ? { latencyMs: latency } : {}),
      ...(reconnect !== undefined ? { reconnectMs: reconnect } : {}),
    },
    observationCount: input.observationCount ?? observations.length,
    ...((input.observationsDropped ?? 0) > 0 ? { observationsDropped: input.observationsDropped } : {}),
  };
}
