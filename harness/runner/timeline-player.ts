import type { Clock } from '../../simulators/clock/clock.ts';
import type { InventoryCamera } from '../../simulators/fleet/inventory.ts';
import type { HubAdapter } from '../hubs/hub-adapter.ts';
import type { Plan, PlanStep, PlannedHub } from '../plan/plan-types.ts';
import type { TimelineEvent } from '../../reports/run-result.ts';
import type { RunFleet } from './run-fleet.ts';
import { SessionTracker } from './session-tracker.ts';
import { untilAborted } from './until-aborted.ts';
import { clockTimeOf, waitOnClock } from './wait-on-clock.ts';

export interface TimelinePlayerOptions {
  plan: Plan;
  /** The run's clock (system time, or a VirtualClock in tests). */
  clock: Clock;
  fleet: RunFleet;
  /** The opened adapter of each hub instance. */
  hubs: ReadonlyMap<string, HubAdapter>;
  /** Aborted on Ctrl-C or a hub crash: the player stops between steps. */
  signal: AbortSignal;
  onEvent?: (event: TimelineEvent) => void;
}

export interface TimelineOutcome {
  events: TimelineEvent[];
  startMs: number;
  endMs: number;
  /** Set when the timeline did not run to its end: the abort reason or the step that failed. */
  stoppedBy?: string;
  /** True when a step failed for a reason outside the hub's behaviour (the fleet or an adapter threw). */
  infraFailure: boolean;
}

/** The inventory entries of `ids`, carrying the credentials of the hub instance that uses them. */
export function camerasFor(fleet: RunFleet, hub: PlannedHub, ids: readonly string[]): InventoryCamera[] {
  const wanted = new Set(ids);
  return fleet
    .inventory()
    .cameras.filter((c) => wanted.has(c.id))
    .map((c) => ({ ...c, username: hub.username, password: hub.password }));
}

/** The one site all `cameras` are on, if they share one (for the report's per-site timeline). */
function commonSite(siteOf: ReadonlyMap<string, string>, cameras: readonly string[]): string | undefined {
  const first = siteOf.get(cameras[0] ?? '');
  return first !== undefined && cameras.every((c) => siteOf.get(c) === first) ? first : undefined;
}

function reasonText(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : typeof r === 'string' ? r : 'interrupted';
}

/**
 * Plays a plan's steps on the clock. Scenario time is compressed by the plan's speed; a
 * wait-for pauses scenario time until its condition holds (its timeout is real time, because it
 * bounds the hub, which never runs faster). Every executed step becomes a TimelineEvent; an
 * action the hub adapter cannot perform (PTZ without 'ptz', provisioning without 'provision') is
 * recorded as not possible rather than skipped silently.
 */
export async function playTimeline(opts: TimelinePlayerOptions): Promise<TimelineOutcome> {
  const { plan, clock, fleet, signal } = opts;
  const tracker = new SessionTracker();
  // From the run's first observation, not the log's memory: starting the hubs may have taken
  // longer than the memory budget holds, and a session opened then is still playing.
  const following = fleet.log.follow((o) => tracker.observe(o), { kinds: SessionTracker.kinds });
  const unsubscribe = following.stop;
  await following.caughtUp.catch((err: unknown) => {
    unsubscribe();
    throw err;
  });
  const events: TimelineEvent[] = [];
  const faultIds = new Map<string, string>();
  const hubByName = new Map(plan.hubs.map((h) => [h.instance, h]));
  const siteOf = new Map(plan.cameras.map((c) => [c.id, c.site]));
  const startMs = clock.now();
  let pausedMs = 0;

  const emit = (
    step: Pick<PlanStep, 'type' | 'label'> & { cameras?: string[] },
    label = step.label,
    type: string = step.type,
  ): void => {
    const site = step.cameras !== undefined ? commonSite(siteOf, step.cameras) : undefined;
    const event: TimelineEvent = {
      atMs: clock.now(),
      type,
      label,
      ...(site !== undefined ? { site } : {}),
      ...(step.cameras !== undefined && step.cameras.length > 0 ? { cameras: step.cameras } : {}),
    };
    events.push(event);
    opts.onEvent?.(event);
  };
  const adapterOf = (instance: string): { hub: PlannedHub; adapter: HubAdapter } => {
    const hub = hubByName.get(instance);
    const adapter = opts.hubs.get(instance);
    if (hub === undefined || adapter === undefined) throw new Error(`hub instance '${instance}' is not open`);
    return { hub, adapter };
  };

  const waitFor = (step: Extract<PlanStep, { type: 'wait-for' }>): Promise<string> => {
    const user = hubByName.get(step.hub)!.username;
    const pending = (): string[] => {
      if (step.condition === 'up') return step.cameras.filter((c) => !tracker.isUp(c));
      if (step.condition === 'streaming') {
        const streaming = tracker.streamingCameras(user);
        return step.cameras.filter((c) => !streaming.has(c));
      }
      const holding = tracker.sessionCameras(user);
      return step.cameras.filter((c) => holding.has(c));
    };
    const begunMs = clock.now();
    return new Promise((resolve) => {
      if (pending().length === 0) {
        resolve(`${step.label}: met at once`);
        return;
      }
      let settled = false;
      const finish = (text: string): void => {
        if (settled) return;
        settled = true;
        stop();
        timer.cancel();
        signal.removeEventListener('abort', onAbort);
        resolve(text);
      };
      const onAbort = (): void => finish(`${step.label}: interrupted`);
      // Only session and power changes can change the answer; frame statistics (many per second) cannot.
      const stop = fleet.log.subscribe((o) => {
        if (
          o.kind !== 'rtsp.session.play' &&
          o.kind !== 'rtsp.session.close' &&
          o.kind !== 'rtsp.session.open' &&
          o.kind !== 'camera.state'
        )
          return;
        if (pending().length === 0) finish(`${step.label}: met after ${clock.now() - begunMs} ms`);
      });
      const timer = clock.setTimeout(() => {
        const left = pending();
        finish(
          `${step.label}: timed out with ${left.length} of ${step.cameras.length} cameras not ${step.condition} (${left.slice(0, 5).join(', ')}${left.length > 5 ? ', ...' : ''})`,
        );
      }, step.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };

  const execute = async (step: PlanStep): Promise<void> => {
    switch (step.type) {
      case 'provision': {
        const { hub, adapter } = adapterOf(step.hub);
        if (!adapter.capabilities.has('provision') || adapter.provision === undefined) {
          emit(
            step,
            `${step.label}: not possible, adapter '${adapter.kind}' has no 'provision' capability (provision from the inventory by hand)`,
          );
          return;
        }
        await adapter.provision(camerasFor(fleet, hub, step.cameras));
        emit(step);
        return;
      }
      case 'fault': {
        const { id } = await fleet.applyFault({
          kind: step.fault,
          target: { cameras: step.cameras },
          params: step.params,
        });
        faultIds.set(step.key, id);
        emit(step);
        return;
      }
      case 'clear': {
        const id = faultIds.get(step.key);
        if (id === undefined) return;
        faultIds.delete(step.key);
        await fleet.clearFault(id);
        emit(step);
        return;
      }
      case 'ptz': {
        const { hub, adapter } = adapterOf(step.hub);
        if (!adapter.capabilities.has('ptz') || adapter.ptz === undefined) {
          emit(step, `${step.label}: not possible, adapter '${adapter.kind}' has no 'ptz' capability`);
          return;
        }
        for (const camera of camerasFor(fleet, hub, step.cameras)) await adapter.ptz(camera, step.command);
        emit(step);
        return;
      }
      case 'handover': {
        const from = adapterOf(step.from);
        const to = adapterOf(step.to);
        const before = camerasFor(fleet, from.hub, step.cameras);
        if (step.credentials) {
          // The releasing control room's account stops working on the site's cameras.
          await fleet.applyFault({
            kind: 'credentials',
            target: { cameras: step.cameras },
            params: { username: from.hub.username, password: `${from.hub.password}-handed-over` },
          });
        }
        if (step.addressBlock !== undefined) {
          await fleet.applyFault({
            kind: 'readdress',
            target: { cameras: step.cameras },
            params: { addressBlock: step.addressBlock },
          });
        }
        const notes: string[] = [];
        if (to.adapter.capabilities.has('provision') && to.adapter.provision !== undefined)
          await to.adapter.provision(camerasFor(fleet, to.hub, step.cameras));
        else notes.push(`'${step.to}' cannot be provisioned by camlab`);
        if (from.adapter.capabilities.has('provision') && from.adapter.release !== undefined)
          await from.adapter.release(before);
        else notes.push(`'${step.from}' cannot be released by camlab`);
        emit(step, notes.length > 0 ? `${step.label}; ${notes.join('; ')}` : step.label);
        return;
      }
      case 'wait-for':
        emit(step, await waitFor(step));
        return;
      case 'mark':
        fleet.log.record({ kind: 'mark', atMs: clock.now(), label: step.label });
        emit(step);
        return;
    }
  };

  let stoppedBy: string | undefined;
  let infraFailure = false;
  try {
    for (const step of plan.steps) {
      if (!(await waitOnClock(clock, clockTimeOf(startMs, step.atMs, plan.speed, pausedMs), signal))) break;
      const before = clock.now();
      try {
        if (!(await untilAborted(execute(step), signal)).done) break;
      } catch (err) {
        stoppedBy = `step '${step.label}' failed: ${err instanceof Error ? err.message : String(err)}`;
        infraFailure = true;
        emit(step, stoppedBy, 'error');
        break;
      }
      if (step.type === 'wait-for') pausedMs += clock.now() - before;
    }
    if (stoppedBy === undefined)
      await waitOnClock(clock, clockTimeOf(startMs, plan.durationMs, plan.speed, pausedMs), signal);
    if (stoppedBy === undefined && signal.aborted) stoppedBy = reasonText(signal);
  } finally {
    unsubscribe();
  }
  return { events, startMs, endMs: clock.now(), ...(stoppedBy !== undefined ? { stoppedBy } : {}), infraFailure };
}
