import { builtinFaultKinds } from './builtin-fault-kinds.ts';
import type { FaultRegistry } from './fault-registry.ts';

/** One problem with a fault's params, at a path relative to the params. */
export interface FaultParamProblem {
  path: PropertyKey[];
  message: string;
}

/**
 * The fault library as a file checker sees it: the kinds that exist and whether a kind accepts
 * given params, so a scenario is checked against the same schemas the control API uses.
 */
export function faultCatalog(registry: FaultRegistry = builtinFaultKinds()): {
  kinds(): readonly string[];
  paramIssues(kind: string, params: Record<string, unknown>): FaultParamProblem[];
} {
  return {
    kinds: () => registry.kinds(),
    paramIssues(kind, params) {
      const k = registry.get(kind);
      if (k === undefined)
        return [{ path: [], message: `unknown fault kind '${kind}'; expected one of ${registry.kinds().join(', ')}` }];
      const parsed = k.schema.safeParse(params);
      if (parsed.success) return [];
      return parsed.error.issues.map((i) => {
        const key = i.code === 'unrecognized_keys' && i.keys.length > 0 ? [i.keys[0]!] : [];
        return { path: [...i.path, ...key], message: i.message };
      });
    },
  };
}
