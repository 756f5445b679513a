import { systemClock } from '../../simulators/clock/clock.ts';
import type { FleetDefinition } from '../../simulators/fleet/fleet-schema.ts';
import { createHubAdapter } from '../hubs/registry.ts';
import { camlabVersion } from '../run/camlab-version.ts';
import { specification } from '../spec/specification.ts';
import { evaluate } from '../verdicts/evaluate.ts';
import type { RunScenarioDeps } from './run-scenario.ts';
import { ObservationLog } from '../../simulators/observations/observation-log.ts';
import { observationLogOptions } from './observation-log-options.ts';
import { startRunFleet } from './start-run-fleet.ts';

/**
 * The real pieces behind `camlab run` and `camlab load`: system clock, simulators' fleet (its
 * observation log bounded and spilling as observation-log-options.ts says), registry adapters,
 * the specification.
 */
export function defaultRunDeps(opts: { workDir: string; workers?: number }): RunScenarioDeps<FleetDefinition> {
  return {
    clock: systemClock,
    camlabVersion: camlabVersion(),
    requirements: specification.requirements,
    evaluate,
    startFleet: ({ definition, plan, clock }) =>
      startRunFleet({
        definition,
        plan,
        clock,
        fleet: {
          log: new ObservationLog(observationLogOptions(process.env, opts.workDir)),
          ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
        },
      }),
    createHub: (ref, baseDir) => createHubAdapter(ref.adapter, { instance: ref.instance, baseDir }),
    workDir: opts.workDir,
  };
}
