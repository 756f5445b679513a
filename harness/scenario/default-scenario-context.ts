import { builtinFaultKinds } from '../../simulators/faults/builtin-fault-kinds.ts';
import type { FaultSite } from '../../simulators/faults/fault-kind.ts';
import { planFleet } from '../../simulators/fleet/fleet-plan.ts';
import { fleetSchema, type FleetDefinition } from '../../simulators/fleet/fleet-schema.ts';
import { adapterProblem } from '../hubs/registry.ts';
import type { FleetLayout } from '../plan/plan-types.ts';
import { specification } from '../spec/specification.ts';
import type { FaultCatalog } from './fault-catalog.ts';
import type { ScenarioContext } from './scenario-context.ts';

/** The cameras a fleet definition will have: the simulators' own pure fleet plan, so ids always agree. */
export function fleetLayout(def: FleetDefinition): FleetLayout {
  const planned = planFleet(def, {
    addressMode: 'per-camera',
    rtspPort: 554,
    onvifPort: 80,
    bindAddress: '127.0.0.1',
    basePort: 20_000,
    shard: { index: 0, count: 1 },
    extraUsers: [],
  });
  return {
    sites: def.sites.map((s) => ({
      name: s.name,
      addressBlock: s.addressBlock,
      ...(s.controlRoom !== undefined ? { controlRoom: s.controlRoom } : {}),
      ...(s.bandwidthKbps !== undefined ? { bandwidthKbps: s.bandwidthKbps } : {}),
    })),
    cameras: planned.cameras.map((c) => ({ id: c.id, site: c.site, model: c.modelId, ptz: c.ptz })),
    recorders: planned.recorders.map((r) => ({ id: r.id, site: r.site })),
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
    targetIssues: (kind, params, cameras, fleet) => {
      const faultKind = registry.get(kind);
      const parsed = faultKind?.schema.safeParse(params);
      if (faultKind?.check === undefined || parsed === undefined || !parsed.success) return [];
      const wanted = new Set(cameras);
      const siteIndex = new Map<string, number>();
      const targets = fleet.cameras.flatMap((c) => {
        const index = siteIndex.get(c.site) ?? 0;
        siteIndex.set(c.site, index + 1);
        return wanted.has(c.id) ? [{ id: c.id, site: c.site, siteIndex: index }] : [];
      });
      const sites = new Map<string, FaultSite>(
        fleet.sites.map((s) => [
          s.name,
          {
            name: s.name,
            addressBlock: s.addressBlock ?? '',
            cameraCount: siteIndex.get(s.name) ?? 0,
            ...(s.bandwidthKbps !== undefined ? { bandwidthKbps: s.bandwidthKbps } : {}),
          },
        ]),
      );
      return faultKind.check(parsed.data, { cameras: targets, sites });
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
