import type { Clock } from '../../simulators/clock/clock.ts';
import { Fleet, type FleetOptions } from '../../simulators/fleet/fleet.ts';
import type { FleetDefinition } from '../../simulators/fleet/fleet-schema.ts';
import type { Plan } from '../plan/plan-types.ts';
import type { RunFleet } from './run-fleet.ts';

export interface StartRunFleetOptions {
  definition: FleetDefinition;
  plan: Plan;
  clock: Clock;
  /** Passed through to the simulators (worker threads, ports for tests, the observation log). */
  fleet?: Pick<FleetOptions, 'workers' | 'ports' | 'discovery' | 'log'>;
}

/**
 * Starts the simulators' fleet for a run: seeded from the scenario (so loss and jitter replay
 * with it), and with one camera user per hub instance so that every session a camera sees names
 * the hub that opened it.
 */
export async function startRunFleet(opts: StartRunFleetOptions): Promise<RunFleet> {
  const fleet = await Fleet.start(
    { ...opts.definition, seed: opts.plan.seed },
    {
      clock: opts.clock,
      extraUsers: opts.plan.hubs.map((h) => ({
        username: h.username,
        password: h.password,
        role: 'Operator' as const,
      })),
      ...opts.fleet,
    },
  );
  return {
    log: fleet.log,
    inventory: () => fleet.inventory(),
    applyFault: (request) => fleet.applyFault(request),
    clearFault: (id) => fleet.clearFault(id),
    workerLoopUtilization: () => fleet.workerLoopUtilization(),
    close: () => fleet.close(),
  };
}
