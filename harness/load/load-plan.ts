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
  /**
   * The order in which the stages take the fleet's cameras (camera ids); the fleet's own order when
   * absent. Over shards, taking them shard by shard in turn spreads every stage over every shard.
   */
  order?: readonly string[];
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
  const order = input.order ?? layout.cameras.map((c) => c.id);
  const known = new Set(layout.cameras.map((c) => c.id));
  if (order.length !== known.size || new Set(order).size !== order.length || order.some((id) => !known.has(id)))
    throw new RangeError("a load plan's camera order must name each of the fleet's cameras once");
  const steps: PlanStep[] = [];
  let atMs = 0;
  let provisioned = 0;
  input.stages.forEach((stage, index) => {
    const cameras = order.slice(provisioned, stage.cameras);
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
  // The fleet holds the cameras of the last stage (or, over shards, every camera they serve); no site is provisioned up front.
  return { ...base, hubs: base.hubs.map((h) => ({ ...h, sites: [] })), steps };
}

/**
 * The cameras in turn from each shard (the first of shard 0, of shard 1, ..., then the second of
 * each), each shard's in fleet order: a ramp over shards then loads every shard from its first
 * stage, as one machine's would be, rather than shard 0 alone until it is full. Pure.
 */
export function shardsInTurn(cameras: readonly { id: string; shard: number }[]): string[] {
  const byShard = new Map<number, string[]>();
  for (const c of cameras) byShard.set(c.shard, [...(byShard.get(c.shard) ?? []), c.id]);
  const queues = [...byShard.entries()].sort(([a], [b]) => a - b).map(([, ids]) => ids);
  const order: string[] = [];
  for (let i = 0; order.length < cameras.length; i++) for (const q of queues) if (i < q.length) order.push(q[i]!);
  return order;
}
