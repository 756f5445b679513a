import { z } from 'zod';
import type { Requirement } from '../spec/requirement.ts';
import type { ScenarioContext } from './scenario-context.ts';

/** A small fleet schema and specification for scenario and plan tests, independent of the real ones. */
const fixtureFleetSchema = z
  .object({
    sites: z.array(
      z
        .object({
          name: z.string(),
          controlRoom: z.string().optional(),
          cameras: z
            .object({ count: z.number().int().min(1), model: z.string(), ptz: z.number().int().min(0).default(0) })
            .strict(),
        })
        .strict(),
    ),
  })
  .strict();
export type FixtureFleet = z.output<typeof fixtureFleetSchema>;

function requirement(
  id: string,
  params: Requirement['params'],
  capabilities: Requirement['needs']['capabilities'] = [],
): Requirement {
  return {
    id,
    area: 'RESILIENCE',
    title: `${id} title`,
    rationale: 'fixture',
    level: 'MUST',
    side: 'hub',
    params,
    needs: { observations: [], capabilities },
    traces: [],
    check: () => ({ verdict: 'NOT EXERCISED', message: 'fixture', evidence: [] }),
  };
}

export const fixtureRequirements: Requirement[] = [
  requirement(
    'HUB-RES-01',
    { alarmWithinMs: { default: 30_000, unit: 'ms', description: 'alarm bound', stricter: 'lower' } },
    ['alarms'],
  ),
  requirement('HUB-RES-02', {
    reconnectWithinMs: { default: 20_000, unit: 'ms', description: 'reconnect bound', stricter: 'lower' },
  }),
  requirement('HUB-STR-03', {
    frameRatio: { default: 0.95, unit: 'ratio', description: 'frames received', stricter: 'higher' },
  }),
];

export const fixtureContext: ScenarioContext<FixtureFleet> = {
  fleetSchema: fixtureFleetSchema,
  layoutOf: (fleet) => ({
    sites: fleet.sites.map((s) => ({
      name: s.name,
      ...(s.controlRoom !== undefined ? { controlRoom: s.controlRoom } : {}),
    })),
    cameras: fleet.sites.flatMap((s) =>
      Array.from({ length: s.cameras.count }, (_, i) => ({
        id: `${s.name}-${String(i + 1).padStart(3, '0')}`,
        site: s.name,
        model: i < s.cameras.ptz ? 'ptz-dome' : s.cameras.model,
        ptz: i < s.cameras.ptz,
      })),
    ),
  }),
  faults: {
    kinds: () => ['outage', 'bandwidth', 'readdress', 'credentials'],
    paramIssues: (kind, params) => {
      const schemas: Record<string, z.ZodType> = {
        outage: z.object({ mode: z.enum(['power', 'network', 'stream-freeze', 'onvif-down']) }).strict(),
        bandwidth: z.object({ limit: z.string().regex(/^\d+kbit$/) }).strict(),
        readdress: z.object({}).strict(),
        credentials: z.object({}).strict(),
      };
      const r = schemas[kind]!.safeParse(params);
      return r.success
        ? []
        : r.error.issues.map((i) => ({
            path: i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]!] : [...i.path],
            message: i.message,
          }));
    },
  },
  spec: { version: 'fixture-1', requirements: fixtureRequirements },
  adapterProblem: (ref) =>
    ['none', 'nms', 'fake'].includes(ref)
      ? undefined
      : `unknown hub adapter '${ref}'; expected one of none, nms, fake or a .yaml adapter file`,
};
