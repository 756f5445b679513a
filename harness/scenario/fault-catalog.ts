import type { FleetLayout } from '../plan/plan-types.ts';

/** One problem with a fault's inline parameters, at a path relative to the parameters. */
export interface ParamIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * What the scenario checker needs to know about the fault library: which kinds exist and
 * whether a kind accepts given parameters. Built from the simulators' fault registry, so a
 * scenario accepts any fault a person can apply through the control API.
 */
export interface FaultCatalog {
  kinds(): readonly string[];
  paramIssues(kind: string, params: Record<string, unknown>): ParamIssue[];
  /** Problems only the targets reveal (a site without a bandwidth budget, an address block too small). */
  targetIssues?(
    kind: string,
    params: Record<string, unknown>,
    cameras: readonly string[],
    fleet: FleetLayout,
  ): ParamIssue[];
}
