import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock } from '../../simulators/clock/clock.ts';
import type { Inventory } from '../../simulators/fleet/inventory.ts';
import type { Observation } from '../../simulators/observations/observation.ts';
import type { Capability, HubAdapter, HubContext, HubIdentity } from '../hubs/hub-adapter.ts';
import type { Plan, PlannedHub } from '../plan/plan-types.ts';
import { assembleRunResult } from '../run/assemble-run-result.ts';
import { observationsForJudging } from '../verdicts/observations-for-judging.ts';
import { applyWaivers, requirementsUnderProfile, stricterOverrides } from '../profile/apply-profile.ts';
import type { LoadedProfile } from '../profile/load-profile.ts';
import type { InputFile, RequirementVerdict, RunResult, TimelineEvent } from '../../reports/run-result.ts';
import type { HubInstanceRef } from '../scenario/hub-instances.ts';
import type { LoadedScenario } from '../scenario/load-scenario.ts';
import type { Requirement, RunFacts } from '../spec/requirement.ts';
import type { RunFleet } from './run-fleet.ts';
import { playTimeline, type TimelineOutcome } from './timeline-player.ts';
import { untilAborted } from './until-aborted.ts';
import { withDeadline } from './with-deadline.ts';

/** The verdict layer's entry point (harness/verdicts/evaluate.ts), injected so tests can use a fake. */
export type Evaluate = (input: {
  requirements: Requirement[];
  overrides: Record<string, Record<string, number>>;
  observations: readonly Observation[];
  run: RunFacts;
  capabilities: ReadonlySet<Capability>;
  selected?: string[];
}) => RequirementVerdict[];

export interface RunScenarioDeps<F> {
  clock: Clock;
  camlabVersion: string;
  requirements: readonly Requirement[];
  evaluate: Evaluate;
  /** Starts the fleet with every hub instance's camera user added. */
  startFleet(input: { definition: F; plan: Plan; clock: Clock }): Promise<RunFleet>;
  createHub(ref: HubInstanceRef, baseDir: string): Promise<HubAdapter>;
  /** A temporary directory for the run; each adapter gets its own folder inside. */
  workDir: string;
  /** Real-time bound on each adapter's collect() and close() and on the fleet's close(). */
  cleanupTimeoutMs?: number;
}

/** What a run plays: a plan over a fleet — a LoadedScenario, or one built by `camlab load`. */
export type RunInput<F> = Pick<LoadedScenario<F>, 'plan' | 'fleet' | 'source'> & {
  /** The scenario file; adapter files are resolved beside it (else from the working directory). */
  file?: string;
  scenario?: { description?: string };
  /** The buyer's procurement profile (`--profile`): waivers, HUB-LOAD-03's N, tightenings. */
  profile?: LoadedProfile;
  /** The files the run is judged from, hashed (scenario, fleet, profile, adapter files). */
  inputs?: readonly InputFile[];
};

export interface RunScenarioOptions<F> {
  loaded: RunInput<F>;
  /** Aborted on the first Ctrl-C: the run stops between steps and still reports. */
  signal: AbortSignal;
  inventoryFile?: string;
  onEvent?(event: TimelineEvent): void;
  onPhase?(text: string): void;
  /** The fleet once it is up, for live checks (`camlab load`'s abortOnFail and headroom). */
  onFleet?(fleet: RunFleet): void;
  /** Each hub once it is open (`camlab load` reads its processes' CPU). */
  onHub?(instance: string, adapter: HubAdapter): void;
}

/**
 * How the run ended, beside the result (whose `outcome` holds the verdict): 'interrupted' by
 * Ctrl-C, or stopped by an 'infrastructure' failure (a crashed hub, a component that failed).
 */
export type RunEnding = 'finished' | 'interrupted' | 'infrastructure';

export interface RunScenarioOutcome {
  result: RunResult;
  ending: RunEnding;
  /** Everything recorded, for analyses beyond the specification (the load knee). */
  observations: readonly Observation[];
}

export class HubCrashError extends Error {
  constructor(
    readonly instance: string,
    cause: Error,
  ) {
    super(`hub '${instance}' crashed: ${cause.message}`);
    this.name = 'HubCrashError';
  }
}

interface OpenHub {
  planned: PlannedHub;
  adapter: HubAdapter;
  identity: HubIdentity;
}

/** The inventory a hand-started hub provisions from: each camera carries the user of the hub that monitors its site. */
export function inventoryForHubs(
  inventory: Inventory,
  hubs: readonly PlannedHub[],
): Inventory & { hubs: Record<string, { username: string; password: string; sites: string[] }> } {
  const ownerOf = new Map(hubs.flatMap((h) => h.sites.map((s) => [s, h] as const)));
  return {
    ...inventory,
    cameras: inventory.cameras.map((c) => {
      const hub = ownerOf.get(c.site);
      return hub === undefined ? c : { ...c, username: hub.username, password: hub.password };
    }),
    hubs: Object.fromEntries(
      hubs.map((h) => [h.instance, { username: h.username, password: h.password, sites: h.sites }]),
    ),
  };
}

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Plays a validated scenario end to end: start the fleet (each hub instance with its own camera
 * user), write the inventory if asked, open and provision the hubs, play the timeline, collect,
 * judge with the specification, and assemble the RunResult. Never throws once the scenario has
 * loaded: a Ctrl-C, a crashed hub or a failing component yields a partial result, with every
 * fleet listener and hub process stopped, and `ending` saying which (the CLI picks the exit code).
 */
export async function runScenario<F>(
  opts: RunScenarioOptions<F>,
  deps: RunScenarioDeps<F>,
): Promise<RunScenarioOutcome> {
  const { loaded: input, signal } = opts;
  const { plan } = input;
  const { clock } = deps;
  const cleanupMs = deps.cleanupTimeoutMs ?? 15_000;
  const crash = new AbortController();
  const fleetLost = new AbortController();
  const stop = AbortSignal.any([signal, crash.signal, fleetLost.signal]);
  const startMs = clock.now();
  const hubs: OpenHub[] = [];
  let fleet: RunFleet | undefined;
  let timeline: TimelineOutcome | undefined;
  let failure: string | undefined;
  const phase = (text: string): void => opts.onPhase?.(text);

  try {
    phase(`starting ${plan.cameras.length} cameras on ${plan.sites.length} site(s)`);
    const starting = deps.startFleet({ definition: input.fleet, plan, clock });
    const started = await untilAborted(starting, stop);
    if (!started.done) {
      // Abandoned mid-start: close it once it is up, so no listener outlives the run.
      void starting.then((f) => f.close()).catch(() => undefined);
      throw new Error('interrupted while the fleet was starting');
    }
    fleet = started.value;
    const lost = fleet.lost;
    if (lost !== undefined) {
      if (lost.aborted) fleetLost.abort(lost.reason);
      else lost.addEventListener('abort', () => fleetLost.abort(lost.reason), { once: true });
    }
    opts.onFleet?.(fleet);
    if (opts.inventoryFile !== undefined) {
      await writeJsonAtomically(opts.inventoryFile, inventoryForHubs(fleet.inventory(), plan.hubs));
      phase(`inventory written to ${opts.inventoryFile}`);
    }
    for (const planned of plan.hubs) {
      if (stop.aborted) break;
      phase(`opening hub '${planned.instance}' (${planned.adapter})`);
      const adapter = await deps.createHub(
        { instance: planned.instance, adapter: planned.adapter },
        input.file !== undefined ? dirname(input.file) : process.cwd(),
      );
      const workDir = join(deps.workDir, planned.instance);
      await mkdir(workDir, { recursive: true });
      const open: OpenHub = { planned, adapter, identity: { name: adapter.kind } };
      hubs.push(open);
      const context: HubContext = {
        instance: planned.instance,
        log: fleet.log,
        clock,
        workDir,
        signal: stop,
        crashed: (err) => crash.abort(new HubCrashError(planned.instance, err)),
      };
      // An open that hangs past Ctrl-C is abandoned; the adapter's close() below still runs.
      if (!(await untilAborted(adapter.open(context), stop)).done) break;
      open.identity = await adapter.identity();
      opts.onHub?.(planned.instance, adapter);
    }
    if (!stop.aborted) {
      phase(`playing the timeline (${plan.steps.length} steps, speed ${plan.speed})`);
      timeline = await playTimeline({
        plan,
        clock,
        fleet,
        hubs: new Map(hubs.map((h) => [h.planned.instance, h.adapter])),
        signal: stop,
        ...(opts.onEvent !== undefined ? { onEvent: opts.onEvent } : {}),
      });
      if (timeline.infraFailure) failure = timeline.stoppedBy;
    }
  } catch (err) {
    failure = message(err);
  }

  // Collect what the hubs can still tell, then stop everything, each under a deadline.
  phase('collecting and stopping');
  for (const h of hubs) {
    if (h.adapter.collect === undefined || crash.signal.aborted) continue;
    try {
      await withDeadline(h.adapter.collect(), cleanupMs, `collect from hub '${h.planned.instance}'`);
    } catch (err) {
      fleet?.log.record({
        kind: 'hub.log',
        atMs: clock.now(),
        hub: h.planned.instance,
        level: 'error',
        message: `collect failed: ${message(err)}`,
      });
    }
  }
  const endMs = clock.now();
  const closeErrors: string[] = [];
  await Promise.all(
    hubs.map((h) =>
      withDeadline(h.adapter.close(), cleanupMs, `closing hub '${h.planned.instance}'`).catch(
        (err: unknown) => void closeErrors.push(message(err)),
      ),
    ),
  );
  if (fleet !== undefined)
    await withDeadline(fleet.close(), cleanupMs, 'closing the fleet').catch(
      (err: unknown) => void closeErrors.push(message(err)),
    );

  let observations: readonly Observation[] = [];
  if (fleet !== undefined) {
    phase(
      fleet.log.spilledTotal > 0
        ? `reading ${fleet.log.size} observations (${fleet.log.spilledTotal} spilled to ${fleet.log.spillDir})`
        : `reading ${fleet.log.size} observations`,
    );
    try {
      observations = await observationsForJudging(fleet.log);
    } catch (err) {
      failure ??= `reading the observations failed: ${message(err)}`;
    }
    for (const why of fleet.log.lostReasons) phase(`observations lost: ${why}`);
  }
  phase(`judging ${plan.checks.length} requirement(s) over ${fleet?.log.size ?? 0} observations`);
  const capabilities =
    hubs.length === plan.hubs.length ? intersect(hubs.map((h) => h.adapter.capabilities)) : new Set<Capability>();
  const partialReason = signal.aborted
    ? `interrupted: ${reason(signal)}`
    : crash.signal.aborted
      ? reason(crash.signal)
      : fleetLost.signal.aborted
        ? reason(fleetLost.signal)
        : failure !== undefined
          ? failure
          : timeline?.stoppedBy;
  let verdicts: RequirementVerdict[] = [];
  const profile = input.profile?.profile;
  const requirements = requirementsUnderProfile(deps.requirements, profile);
  try {
    verdicts = deps.evaluate({
      requirements,
      overrides: stricterOverrides(requirements, plan.overrides),
      observations,
      run: {
        // Judged from the timeline's start: fleet and hub start-up time is not the hub's to answer for.
        startMs: timeline?.startMs ?? startMs,
        endMs,
        cameras: plan.cameras,
        hubs: plan.hubs.map((h) => h.instance),
        hubUsers: Object.fromEntries(plan.hubs.map((h) => [h.instance, h.username])),
      },
      capabilities,
      selected: plan.checks.map((c) => c.id),
    });
    if (profile !== undefined) verdicts = applyWaivers(verdicts, profile.waivers);
  } catch (err) {
    failure ??= `judging failed: ${message(err)}`;
  }
  const result = assembleRunResult({
    camlabVersion: deps.camlabVersion,
    plan,
    scenario: {
      ...(input.file !== undefined ? { file: input.file } : {}),
      source: input.source,
      ...(input.scenario?.description !== undefined ? { description: input.scenario.description } : {}),
    },
    hubs: plan.hubs.map((p) => {
      const open = hubs.find((h) => h.planned.instance === p.instance);
      return {
        instance: p.instance,
        adapter: p.adapter,
        identity: open?.identity ?? { name: p.adapter },
        capabilities: open !== undefined ? [...open.adapter.capabilities] : [],
      };
    }),
    startMs,
    endMs,
    timeline: timeline?.events ?? [],
    observations,
    ...(fleet !== undefined ? { observationCount: fleet.log.size } : {}),
    verdicts,
    ...(input.profile !== undefined
      ? {
          profile: {
            name: input.profile.profile.name,
            ...(input.profile.profile.owner !== undefined ? { owner: input.profile.profile.owner } : {}),
            file: input.profile.file,
            sha256: input.profile.sha256,
            procurement: { ...input.profile.profile.procurement },
            waivers: { ...input.profile.profile.waivers },
          },
        }
      : {}),
    inputs: input.inputs ?? [],
    ...(fleet !== undefined && fleet.log.droppedTotal > 0 ? { observationsDropped: fleet.log.droppedTotal } : {}),
    ...((partialReason ?? failure) !== undefined
      ? { partialReason: [partialReason ?? failure, ...closeErrors].join('; ') }
      : {}),
  });
  // The spill's files go; what was judged stays in `observations`.
  await fleet?.log
    .close()
    .catch((err: unknown) => void phase(`removing the spilled observations failed: ${message(err)}`));
  const ending: RunEnding = signal.aborted
    ? 'interrupted'
    : crash.signal.aborted || fleetLost.signal.aborted || failure !== undefined
      ? 'infrastructure'
      : 'finished';
  return { result, ending, observations };
}

function reason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'aborted';
}

function intersect(sets: readonly ReadonlySet<Capability>[]): Set<Capability> {
  if (sets.length === 0) return new Set();
  return new Set([...sets[0]!].filter((c) => sets.every((s) => s.has(c))));
}
