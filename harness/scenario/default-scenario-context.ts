import { builtinFaultKinds } from '../../simulators/faults/builtin-fault-kinds.ts';
import { planFleet } from '../../simulators/fleet/fleet-plan.ts';
import { fleetSchema, type FleetDefinition } from '../../simulators/fleet/fleet-schema.ts';
import { adapterProblem } from '../hubs/registry.ts';
import type { FleetLayout } from '../plan/plan-types.ts';
import { specification } from '../spec/specification.ts';
import type { FaultCatalog } from './fault-catalog.ts';
import type { ScenarioContext } from './scenario-context.ts';

/** The cameras a fleet definition will have: the simulators' own pure fleet plan, so ids always agree. */
export function fleetLayout(def: FleetDefinition): FleetLayout {
  const planned = planFleet(def, { addressMode: 'per-camera', rtspPort: 554, onvifPort: 80, bindAddress: '127.0.0.1', basePort: 20_000, shard: { index: 0, count: 1 }, extraUsers: [] });
  return {
    sites: def.sites.map((s) => ({ name: s.name, addressBlock: s.addressBlock, ...(s.controlRoom !== undefined ? { controlRoom: s.controlRoom } : {}) })),
    cameras: planned.cameras.map((c) => ({ id: c.id, site: c.site, model: c.modelId, ptz: c.ptz })),
  };
}

/** The fault library as the scenario checker sees it: the same kinds and schemas as the control API. */
export function builtinFaultCatalog(): FaultCatalog {
  const registry = builtinFaultKinds();
  return {
    kinds: () => registry.kinds(),
    paramIssues: (kind, params) => {
      const parsed = registry.get(kind)?.schema.safeParse(params);
      if (parsed === undefined || parsed.success) return [];
      return parsed.error.issues.map((i) => ({
        path: i.code === 'unrecognized_keys' && i.keys.length > 0 ? [...i.path, i.keys[0]!] : [...i.path],
        message: i.message,
      }));
    },
  };
}

/** What `camlab run` and `camlab validate` check scenarios against. */
export function defaultScenarioContext(): ScenarioContext<FleetDefinition> {
  return {
    fleetSchema,
    layoutOf: fleetLayout,
    faults: builtinFaultCatalog(),
    spec: specification,
    adapterProblem,
  };
}
