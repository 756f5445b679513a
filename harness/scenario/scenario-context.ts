import type { z } from 'zod';
import type { FleetLayout } from '../plan/plan-types.ts';
import type { SpecificationInput } from '../plan/plan.ts';
import type { FaultCatalog } from './fault-catalog.ts';

/**
 * What loading a scenario needs from the rest of camlab: the fleet schema and its expansion to
 * camera ids, the fault library, the specification, and the hub adapters. Passed in, so the
 * loader is tested with small fakes and the CLI wires the real ones (default-scenario-context.ts).
 */
export interface ScenarioContext<F = unknown> {
  fleetSchema: z.ZodType<F>;
  /** The cameras a fleet definition will have, by id, without starting anything. */
  layoutOf(fleet: F): FleetLayout;
  faults: FaultCatalog;
  spec: SpecificationInput;
  /** undefined when `ref` names a known adapter or an adapter file that exists; else why not. */
  adapterProblem(ref: string, baseDir: string): string | undefined;
}
