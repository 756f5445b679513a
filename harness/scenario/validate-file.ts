import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { InputError, parseYaml } from '../../simulators/config/yaml-document.ts';
import { fleetSchema } from '../../simulators/fleet/fleet-schema.ts';
import { declaredCapabilities } from '../hubs/declarative/declarative-adapter-schema.ts';
import { declarativeAdapterSchema } from '../hubs/declarative/load-declarative-adapter.ts';
import { checkHubAdapterRef } from '../hubs/registry.ts';
import { fleetLayout } from './default-scenario-context.ts';
import { hubInstances } from './hub-instances.ts';
import { loadScenario } from './load-scenario.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { loadLoadFile } from '../load/load-file.ts';
import type { ScenarioContext } from './scenario-context.ts';
import type { FleetDefinition } from '../../simulators/fleet/fleet-schema.ts';
import { dirname } from 'node:path';

export type CamlabFileKind = 'scenario' | 'fleet' | 'adapter' | 'profile' | 'load';

/**
 * Tells a scenario, a fleet, an adapter and a procurement profile apart by their top-level
 * keys: an adapter has `identity`, a scenario has `fleet`/`timeline`/`expect`/`hub(s)`, a fleet
 * has `sites`, a profile `waivers`/`procurement`/`tighten`, a load file `stages`.
 */
export function sniffFileKind(value: unknown): CamlabFileKind | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = new Set(Object.keys(value));
  if (keys.has('identity')) return 'adapter';
  if (keys.has('stages')) return 'load';
  if (['fleet', 'timeline', 'expect', 'hub', 'hubs'].some((k) => keys.has(k))) return 'scenario';
  if (keys.has('sites')) return 'fleet';
  if (['waivers', 'procurement', 'tighten'].some((k) => keys.has(k))) return 'profile';
  return undefined;
}

/** What a valid file holds, in one line for `camlab validate`. */
export interface ValidFile {
  file: string;
  kind: CamlabFileKind;
  summary: string;
}

/** Validates one file of any kind; throws InputError naming file, line, field and expectation. */
export async function validateFile(file: string, context: ScenarioContext<FleetDefinition>): Promise<ValidFile> {
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
  let loose: unknown;
  try {
    loose = parse(source);
  } catch {
    // The YAML error itself, with its line, comes from parseYaml below.
    parseYaml(source, file, fleetSchema);
  }
  const kind = sniffFileKind(loose);
  switch (kind) {
    case 'scenario': {
      const loaded = await loadScenario(file, context);
      for (const h of hubInstances(loaded.scenario)) await checkHubAdapterRef(h.adapter, dirname(file));
      const p = loaded.plan;
      return {
        file,
        kind,
        summary: `scenario '${p.scenario}': ${p.cameras.length} cameras on ${p.sites.length} site(s), ${p.hubs.length} hub instance(s), ${p.steps.length} steps over ${p.durationMs / 1000}s, ${p.checks.length} requirement(s) judged`,
      };
    }
    case 'fleet': {
      const def = parseYaml(source, file, fleetSchema);
      const layout = fleetLayout(def);
      return {
        file,
        kind,
        summary: `fleet '${def.name}': ${layout.cameras.length} cameras on ${def.sites.length} site(s)`,
      };
    }
    case 'adapter': {
      const spec = parseYaml(source, file, declarativeAdapterSchema);
      const capabilities = [...declaredCapabilities(spec)];
      return {
        file,
        kind,
        summary: `hub adapter '${spec.name}' (${capabilities.length > 0 ? `capabilities: ${capabilities.join(', ')}` : 'no capability: observation only'})`,
      };
    }
    case 'profile': {
      const { profile } = await loadProfile(file, context.spec.requirements);
      const n = profile.procurement.concurrentStreams;
      return {
        file,
        kind,
        summary: `procurement profile '${profile.name}': ${Object.keys(profile.waivers).length} waiver(s), ${Object.keys(profile.tighten).length} requirement(s) tightened${n !== undefined ? `, HUB-LOAD-03 N = ${n}` : ''}`,
      };
    }
    case 'load': {
      const { load } = await loadLoadFile(file);
      await checkHubAdapterRef(load.hub, dirname(file));
      const last = load.stages[load.stages.length - 1]!;
      return {
        file,
        kind,
        summary: `load file '${load.name}': ${load.stages.length} stage(s) up to ${last.cameras} cameras against '${load.hub}', ${load.thresholds.length} threshold(s)`,
      };
    }
    default:
      throw new InputError([
        {
          file,
          line: 1,
          col: 1,
          path: '',
          message:
            'cannot tell what this file is: expected a scenario (name, fleet, timeline), a fleet (sites), a hub adapter (name, identity), a procurement profile (name, waivers, procurement, tighten) or a load file (name, stages)',
        },
      ]);
  }
}
