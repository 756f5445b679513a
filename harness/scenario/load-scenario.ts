import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { InputError, locateIssues, parseYaml, readYamlFile } from '../../simulators/config/yaml-document.ts';
import type { FleetLayout, Plan } from '../plan/plan-types.ts';
import { checkScenario } from './check-scenario.ts';
import type { ScenarioContext } from './scenario-context.ts';
import { scenarioSchema, type Scenario } from './scenario-schema.ts';

export interface RunOverrides {
  seed?: number;
  speed?: number;
  /** Replaces the adapter of every hub instance (`--hub`). */
  hub?: string;
}

export interface LoadedScenario<F = unknown> {
  file: string;
  source: string;
  scenario: Scenario;
  /** The fleet file, when the scenario names one rather than declaring it inline. */
  fleetFile?: string;
  fleet: F;
  layout: FleetLayout;
  plan: Plan;
}

export function applyOverrides(scenario: Scenario, overrides: RunOverrides): Scenario {
  const next: Scenario = { ...scenario };
  if (overrides.seed !== undefined) next.seed = overrides.seed;
  if (overrides.speed !== undefined) next.speed = overrides.speed;
  if (overrides.hub !== undefined) {
    if (next.hubs !== undefined) next.hubs = Object.fromEntries(Object.keys(next.hubs).map((k) => [k, overrides.hub!]));
    else next.hub = overrides.hub;
  }
  return next;
}

/**
 * Reads, validates and plans a scenario file before anything starts. Every problem — YAML
 * syntax, schema, the fleet file, unknown sites, faults, requirements or adapters, loosened
 * thresholds — is thrown as one InputError whose issues name file, line, field and expectation.
 */
export async function loadScenario<F>(
  file: string,
  context: ScenarioContext<F>,
  overrides: RunOverrides = {},
): Promise<LoadedScenario<F>> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        path: '',
        message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      },
    ]);
  }
  const scenario = applyOverrides(parseYaml(source, file, scenarioSchema), overrides);
  let fleet: F;
  let fleetFile: string | undefined;
  if (typeof scenario.fleet === 'string') {
    fleetFile = resolve(dirname(file), scenario.fleet);
    fleet = await readYamlFile(fleetFile, context.fleetSchema);
  } else {
    // Parsed again from the scenario's source so that issues in an inline fleet keep their lines.
    fleet = parseYaml(source, file, z.object({ fleet: context.fleetSchema }).loose()).fleet as F;
  }
  const layout = context.layoutOf(fleet);
  const { plan, issues } = checkScenario(scenario, file, layout, context);
  if (plan === undefined)
    throw new InputError(locateIssues(source, file, issues).sort((a, b) => a.line - b.line || a.col - b.col));
  return { file, source, scenario, ...(fleetFile !== undefined ? { fleetFile } : {}), fleet, layout, plan };
}
