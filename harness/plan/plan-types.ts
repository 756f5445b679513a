import type { PtzCommand } from '../hubs/hub-adapter.ts';
import type { Level } from '../spec/requirement.ts';
import type { PlannedCamera } from '../scenario/selector.ts';
import type { WaitForAction } from '../scenario/scenario-schema.ts';

/** The fleet as the plan sees it: sites (with their control room) and cameras in fleet order. */
export interface FleetLayout {
  sites: { name: string; controlRoom?: string; addressBlock?: string; bandwidthKbps?: number }[];
  cameras: PlannedCamera[];
  /** Site recorders: a fault names one by its id (site, model and fleet select cameras only). */
  recorders?: { id: string; site: string }[];
}

export interface PlannedHub {
  instance: string;
  adapter: string;
  /** The camera user this instance logs in with, so camera-side sessions name their hub. */
  username: string;
  password: string;
  /** Sites this instance monitors when the run starts. */
  sites: string[];
}

interface StepBase {
  /** Scenario time of the step, ms from the start of the timeline (before --speed). */
  atMs: number;
  label: string;
  /** Index of the timeline entry that produced the step (undefined for the initial provisioning). */
  entry?: number;
}

export type PlanStep =
  | (StepBase & { type: 'provision'; hub: string; cameras: string[] })
  | (StepBase & { type: 'fault'; key: string; fault: string; cameras: string[]; params: Record<string, unknown> })
  | (StepBase & { type: 'clear'; key: string; fault: string; cameras: string[] })
  | (StepBase & { type: 'ptz'; hub: string; cameras: string[]; command: PtzCommand })
  | (StepBase & {
      type: 'handover';
      site: string;
      from: string;
      to: string;
      /** The site's new network when it readdresses. */
      addressBlock?: string;
      credentials: boolean;
      cameras: string[];
    })
  | (StepBase & {
      type: 'wait-for';
      condition: WaitForAction['condition'];
      hub: string;
      cameras: string[];
      timeoutMs: number;
    })
  | (StepBase & { type: 'mark' });

export type PlanStepType = PlanStep['type'];

export interface PlannedCheck {
  id: string;
  title: string;
  level: Level;
  /** Effective parameters: the specification's defaults, tightened by the scenario. */
  params: Record<string, number>;
  capabilities: string[];
}

/** Everything a run will do, computed without I/O or a clock. `camlab run --dry-run` prints it. */
export interface Plan {
  scenario: string;
  seed: number;
  speed: number;
  specVersion: string;
  /** Scenario time at which the run ends (before --speed). */
  durationMs: number;
  hubs: PlannedHub[];
  sites: { name: string; cameras: string[] }[];
  cameras: PlannedCamera[];
  steps: PlanStep[];
  checks: PlannedCheck[];
  /** Ids judged; undefined when the scenario lists none and the whole hub side is judged. */
  selected: string[] | undefined;
  overrides: Record<string, Record<string, number>>;
}
