import type { RequirementVerdict } from '../../reports/run-result.ts';
import type { ParamDef, Requirement } from '../spec/requirement.ts';
import type { Profile } from './profile-schema.ts';

/** HUB-LOAD-03's N is the buyer's to set: `procurement.concurrentStreams`. */
export const concurrentStreamsRequirement = 'HUB-LOAD-03';
export const concurrentStreamsParam = 'minConcurrentStreams';

/**
 * The specification as this procurement judges it: HUB-LOAD-03's N replaced by the buyer's
 * (either way: it is the size of the estate, not a threshold), and the profile's tightenings
 * as the new defaults. Scenario overrides are then measured against these.
 */
export function requirementsUnderProfile(
  requirements: readonly Requirement[],
  profile: Profile | undefined,
): Requirement[] {
  if (profile === undefined) return [...requirements];
  return requirements.map((req) => {
    const values: Record<string, number> = { ...profile.tighten[req.id] };
    if (req.id === concurrentStreamsRequirement && profile.procurement.concurrentStreams !== undefined)
      values[concurrentStreamsParam] = profile.procurement.concurrentStreams;
    if (Object.keys(values).length === 0) return req;
    const params: Record<string, ParamDef> = {};
    for (const [name, def] of Object.entries(req.params as Record<string, ParamDef>))
      params[name] = values[name] === undefined ? def : { ...def, default: values[name] };
    return { ...req, params } as Requirement;
  });
}

/**
 * The scenario's overrides that are still at least as strict as `requirements` (the profile's
 * view); a looser one gives way, since the stricter of buyer and scenario always holds.
 */
export function stricterOverrides(
  requirements: readonly Requirement[],
  overrides: Readonly<Record<string, Readonly<Record<string, number>>>>,
): Record<string, Record<string, number>> {
  const kept: Record<string, Record<string, number>> = {};
  for (const [id, params] of Object.entries(overrides)) {
    const req = requirements.find((r) => r.id === id);
    for (const [name, value] of Object.entries(params)) {
      const def = (req?.params as Record<string, ParamDef | undefined> | undefined)?.[name];
      if (def !== undefined && (def.stricter === 'lower' ? value > def.default : value < def.default)) continue;
      (kept[id] ??= {})[name] = value;
    }
  }
  return kept;
}

/**
 * Marks the requirements the buyer waived. A waiver covers only what the run could not show
 * (NOT APPLICABLE, NOT EXERCISED): a FAIL stays a FAIL, a PASS a PASS.
 */
export function applyWaivers(
  verdicts: readonly RequirementVerdict[],
  waivers: Readonly<Record<string, string>>,
): RequirementVerdict[] {
  return verdicts.map((v) => {
    const reason = waivers[v.id];
    if (reason === undefined || (v.verdict !== 'NOT APPLICABLE' && v.verdict !== 'NOT EXERCISED')) return v;
    return { ...v, waiver: { reason } };
  });
}
