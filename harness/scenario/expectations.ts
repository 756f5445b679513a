import type { ParamDef, Requirement } from '../spec/requirement.ts';
import { parseDurationMs } from './duration.ts';
import type { Expectation } from './scenario-schema.ts';

export interface ResolvedExpectations {
  /** Requirement ids to judge, in the scenario's order; undefined means the whole hub side. */
  selected: string[] | undefined;
  /** Tightened parameters per requirement id, in the parameter's own unit. */
  overrides: Record<string, Record<string, number>>;
}

export interface ExpectationIssue {
  /** Path inside the `expect` list: [index] or [index, key]. */
  path: PropertyKey[];
  message: string;
}

/** 'reconnect_within', 'reconnectWithin' and 'reconnectWithinMs' all name reconnectWithinMs. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function findParam(requirement: Requirement, key: string): [string, ParamDef] | undefined {
  const wanted = normalise(key);
  for (const [name, def] of Object.entries(requirement.params) as [string, ParamDef][]) {
    const n = normalise(name);
    if (n === wanted) return [name, def];
    const unitSuffix = def.unit === 'ms' ? 'ms' : def.unit === 'kbps' ? 'kbps' : '';
    if (unitSuffix !== '' && n.endsWith(unitSuffix) && n.slice(0, -unitSuffix.length) === wanted) return [name, def];
  }
  return undefined;
}

function valueIn(def: ParamDef, raw: unknown): number | string {
  if (typeof raw === 'number') return raw;
  const text = String(raw).trim();
  if (def.unit === 'ms') return parseDurationMs(text) ?? `a duration such as '10s'`;
  if (def.unit === 'ratio' && text.endsWith('%')) {
    const n = Number(text.slice(0, -1));
    return Number.isFinite(n) ? n / 100 : `a ratio such as 0.98 or '98%'`;
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : `a number in ${def.unit}`;
}

/**
 * Checks the scenario's `expect` list against the specification: every id exists, every
 * override names a parameter of that requirement, and an override may only tighten the
 * specification's threshold (ParamDef.stricter) — a scenario cannot make a hub pass more easily.
 */
export function resolveExpectations(
  expect: readonly Expectation[] | undefined,
  requirements: readonly Requirement[],
): { resolved: ResolvedExpectations; issues: ExpectationIssue[] } {
  const issues: ExpectationIssue[] = [];
  const overrides: Record<string, Record<string, number>> = {};
  if (expect === undefined) return { resolved: { selected: undefined, overrides }, issues };
  const byId = new Map(requirements.map((r) => [r.id, r]));
  const selected: string[] = [];
  expect.forEach((e, index) => {
    const requirement = byId.get(e.id);
    if (requirement === undefined) {
      const close = requirements.filter((r) => r.id.startsWith(e.id.split('-').slice(0, 2).join('-'))).map((r) => r.id);
      issues.push({
        path: [index],
        message: `unknown requirement '${e.id}'${close.length > 0 ? `; did you mean one of ${close.slice(0, 6).join(', ')}?` : ''} (camlab spec lists them)`,
      });
      return;
    }
    if (selected.includes(e.id)) {
      issues.push({ path: [index], message: `requirement '${e.id}' is listed twice` });
      return;
    }
    selected.push(e.id);
    for (const [key, raw] of Object.entries(e.overrides)) {
      const found = findParam(requirement, key);
      if (found === undefined) {
        const names = Object.keys(requirement.params);
        issues.push({
          path: [index, key],
          message: `${e.id} has no parameter '${key}'; expected one of ${names.length > 0 ? names.join(', ') : '(none)'}`,
        });
        continue;
      }
      const [name, def] = found;
      const value = valueIn(def, raw);
      if (typeof value === 'string') {
        issues.push({ path: [index, key], message: `expected ${value}, got '${String(raw)}'` });
        continue;
      }
      const loosens = def.stricter === 'lower' ? value > def.default : value < def.default;
      if (loosens) {
        issues.push({
          path: [index, key],
          message: `${e.id}.${name} may only be tightened: the specification's ${def.default} ${def.unit} allows ${def.stricter === 'lower' ? 'at most' : 'at least'} that, got ${value} ${def.unit}`,
        });
        continue;
      }
      (overrides[e.id] ??= {})[name] = value;
    }
  });
  return { resolved: { selected, overrides }, issues };
}
