import type { Plan, PlanStep, FleetLayout } from '../plan/plan-types.ts';
import type { SpecificationInput } from '../plan/plan.ts';
import { formatDurationMs } from '../scenario/duration.ts';
import { plan } from '../plan/plan.ts';
import { scenarioSchema } from '../scenario/scenario-schema.ts';
import type { LoadStage } from './load-stages.ts';

/** The specification's load requirements, judged on every load run. */
export const loadRequirementIds = ['HUB-LOAD-01', 'HUB-LOAD-02', 'HUB-LOAD-03'] as const;

export interface LoadPlanInput {
  stages: readonly LoadStage[];
  hub: string;
  seed: number;
}

/** Label of the mark that opens stage `index` (0-based); the knee analysis finds stages by it. */
export function stageLabel(index: number, cameras: number): string {
  return `stage ${index + 1}: ${cameras} cameras`;
}

/**
 * A load run as a plan: stage after stage, the next slice of cameras is provisioned and a mark
 * opens the stage, then everything is held for the stage's hold time. Pure, like plan().
 */
export function loadPlan(input: LoadPlanInput, spec: SpecificationInput, layout: FleetLayout): Plan {
  const last = input.stages[input.stages.length - 1];
  if (last === undefined) throw new RangeError('a load plan needs at least one stage');
  if (last.cameras > layout.cameras.length)
    throw new RangeError(`the last stage wants ${last.cameras} cameras; the fleet has ${layout.cameras.length}`);
  const durationMs = input.stages.reduce((t, s) => t + s.holdMs, 0);
  const base = plan(
    scenarioSchema.parse({
      name: 'load',
      seed: input.seed,
      fleet: 'generated',
      hub: input.hub,
      duration: formatDurationMs(durationMs),
      expect: [...loadRequirementIds],
    }),
    spec,
    layout,
  );
  const steps: PlanStep[] = [];
  let atMs = 0;
  let provisioned = 0;
  input.stages.forEach((stage, index) => {
    const cameras = layout.cameras.slice(provisioned, stage.cameras).map((c) => c.id);
    steps.push({
      type: 'provision',
      atMs,
      hub: base.hubs[0]!.instance,
      cameras,
      label: `provision ${cameras.length} more cameras (${stage.cameras} in all)`,
    });
    steps.push({ type: 'mark', atMs, label: stageLabel(index, stage.cameras) });
    provisioned = stage.cameras;
    atMs += stage.holdMs;
  });
  // The fleet holds exactly the cameras of the last stage; no site is provisioned up front.
  return { ...base, hubs: base.hubs.map((h) => ({ ...h, sites: [] })), steps };
}
