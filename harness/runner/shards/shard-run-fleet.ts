import type { Clock } from '../../../simulators/clock/clock.ts';
import { mixSeed } from '../../../simulators/faults/seeded-random.ts';
import type { Inventory } from '../../../simulators/fleet/inventory.ts';
import { mergeInventories } from '../../../simulators/fleet/merge-inventories.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import type { Observation, ObservationOf } from '../../../simulators/observations/observation.ts';
import type { Plan } from '../../plan/plan-types.ts';
import type { RunFaultRequest, RunFleet } from '../run-fleet.ts';
import type { ConnectedShards } from './connect-shards.ts';
import { ShardUnreachableError, type ShardStream } from './shard-client.ts';

type FaultObservation = ObservationOf<'fault.applied' | 'fault.cleared'>;

/** One fault of the run, applied as one part per shard that serves any of its cameras. */
interface ShardedFault {
  id: string;
  kind: string;
  cameras: string[];
  /** Shard index → the shard's own id of its part. */
  parts: Map<number, string>;
  /** Every part has been posted: until then its observations wait. */
  posted: boolean;
  abandoned: boolean;
  applied: Map<number, FaultObservation>;
  cleared: Map<number, FaultObservation>;
  appliedRecorded: boolean;
  clearedRecorded: boolean;
}

export interface StartShardRunFleetOptions {
  shards: ConnectedShards;
  plan: Plan;
  clock: Clock;
  /** Where the shards' observations go (bounded and spilling, as observation-log-options.ts says); a plain in-memory log when absent. */
  log?: ObservationLog;
  /** A stream silent this long is a lost shard (default 45 s; the shards' keep-alive comes every 15 s). */
  streamIdleMs?: number;
  /** Times in a row a stream that ended or broke is opened again from its last event (default 3), and the wait before each (default 1 s). */
  streamReconnects?: number;
  streamReconnectDelayMs?: number;
}

/** A RunFleet over shards someone else runs, with `lost` aborted when one of them goes away mid-run. */
export type ShardRunFleet = RunFleet & { readonly lost: AbortSignal };

/**
 * The RunFleet of `camlab run --shards`: the fleet is N `camlab sim --shard i/N` processes already
 * running (a StatefulSet), driven through their control APIs.
 *
 * - inventory(): the shards' inventories merged, fetched again from a shard after each fault on it
 *   (a readdress moves cameras).
 * - applyFault(): one POST per shard serving any of the fault's cameras, each with the whole camera
 *   list (a shard applies its own part, and a site-wide shared cap keeps its whole-fleet
 *   proportions) and the seed a single-process run would use (plan seed mixed with the fault's
 *   number), so random faults replay as they do unsharded. clearFault() deletes every part.
 * - log: a local ObservationLog fed by every shard's observation stream, in arrival order: each
 *   shard's in its own order, shards interleaved as their observations arrive (milliseconds apart
 *   on a LAN, as worker threads' are in one process); checks order what they compare by `atMs`.
 *   A fault's parts are recorded as the one fault the runner asked for (one `fault.applied` at the
 *   first part's time, one `fault.cleared` at the last part's), so fault windows read as they do
 *   unsharded. A fault on a shard that this runner did not ask for is recorded under
 *   `shard-I:ID`.
 * - lost: aborted when a shard's stream ends, breaks or goes silent and cannot be resumed from its
 *   last event, skips observations, or sends what its API never sends — the run then stops and is
 *   INCOMPLETE.
 * - close(): clears this run's faults, takes back the hub users it added at start
 *   (`DELETE /api/users/:username`) and stops streaming; the shards keep running (they belong to
 *   the StatefulSet), as they were before the run.
 */
export async function startShardRunFleet(opts: StartShardRunFleetOptions): Promise<ShardRunFleet> {
  const { clients } = opts.shards;
  const log = opts.log ?? new ObservationLog();
  const lost = new AbortController();
  const inventories: Inventory[] = [];
  let inventory = opts.shards.inventory;
  const shardOf = new Map<string, number>([
    ...inventory.cameras.map((c) => [c.id, c.shard] as const),
    ...(inventory.recorders ?? []).map((r) => [r.id, r.shard] as const),
  ]);
  const faults = new Map<string, ShardedFault>();
  const byShardFault = new Map<string, ShardedFault>();
  const postsInFlight = clients.map(() => 0);
  const waiting = clients.map((): FaultObservation[] => []);
  const streams: ShardStream[] = [];
  let faultNumber = 0;
  let closing: Promise<void> | undefined;

  const key = (shard: number, id: string): string => `${shard}\u0000${id}`;

  const recordMerged = (f: ShardedFault): void => {
    if (!f.posted || f.abandoned) return;
    const first = [...f.applied.values()][0];
    if (!f.appliedRecorded && first !== undefined && f.applied.size === f.parts.size) {
      f.appliedRecorded = true;
      log.record({
        ...first,
        kind: 'fault.applied',
        atMs: Math.min(...[...f.applied.values()].map((o) => o.atMs)),
        faultId: f.id,
        cameras: f.cameras,
      });
    }
    const last = [...f.cleared.values()][0];
    if (f.appliedRecorded && !f.clearedRecorded && last !== undefined && f.cleared.size === f.parts.size) {
      f.clearedRecorded = true;
      log.record({
        ...last,
        kind: 'fault.cleared',
        atMs: Math.max(...[...f.cleared.values()].map((o) => o.atMs)),
        faultId: f.id,
        cameras: f.cameras,
      });
    }
  };

  const onFaultObservation = (shard: number, o: FaultObservation): void => {
    const f = byShardFault.get(key(shard, o.faultId));
    if (f === undefined) {
      // Its POST may not have answered yet; once none is in flight, it is someone else's fault.
      if (postsInFlight[shard]! > 0) waiting[shard]!.push(o);
      else log.record({ ...o, faultId: `shard-${shard}:${o.faultId}` });
      return;
    }
    (o.kind === 'fault.applied' ? f.applied : f.cleared).set(shard, o);
    recordMerged(f);
  };

  const drainWaiting = (shard: number): void => {
    if (postsInFlight[shard]! > 0) return;
    const held = waiting[shard]!.splice(0);
    for (const o of held) onFaultObservation(shard, o);
  };

  const onObservation = (shard: number, o: Observation): void => {
    if (o.kind === 'fault.applied' || o.kind === 'fault.cleared') onFaultObservation(shard, o);
    else log.record(o);
  };

  const loseShard = (err: Error): void => {
    if (closing !== undefined || lost.signal.aborted) return;
    lost.abort(new Error(`lost a shard mid-run: ${err.message}`));
  };

  const refreshInventory = async (shards: Iterable<number>): Promise<void> => {
    await Promise.all(
      [...shards].map(async (s) => {
        inventories[s] = (await clients[s]!.inventory(() => opts.clock.now())).inventory;
      }),
    );
    inventory = mergeInventories(inventories);
  };

  // Every session a camera sees names the hub that opened it, as in a local run.
  const users = opts.plan.hubs.map((h) => ({ username: h.username, password: h.password, role: 'Operator' as const }));
  /** The shards this run added its users to, taken back at close (a failed start takes them back at once). */
  const withUsers = new Set<number>();
  /** Shards whose stream broke: gone, or another process now; nothing is asked of them at close. */
  const lostShards = new Set<number>();
  const removeUsers = async (): Promise<string[]> => {
    const errors: string[] = [];
    await Promise.all(
      [...withUsers]
        .filter((shard) => !lostShards.has(shard))
        .flatMap((shard) =>
          users.map((u) =>
            clients[shard]!.removeUser(u.username).catch(
              (err: unknown) => void errors.push(`removing user ${u.username}: ${(err as Error).message}`),
            ),
          ),
        ),
    );
    withUsers.clear();
    return errors;
  };
  const reconnects = opts.streamReconnects ?? 3;
  const reconnectDelayMs = opts.streamReconnectDelayMs ?? 1_000;
  /**
   * Follows a shard's stream; one that ends or breaks (a network blip, a proxy's timeout) is
   * opened again from its last event (Last-Event-ID), from the same log, so nothing is lost or
   * repeated, at most `reconnects` times in a row. Anything else (skipped observations, what its
   * API never sends, a restarted shard, no answer) loses the shard.
   */
  const follow = (shard: number, first: ShardStream, sinceMs: number): void => {
    void (async () => {
      let stream = first;
      let resumedFrom: string | undefined;
      let attempt = 0;
      for (;;) {
        let err = await stream.ended;
        if (err === undefined || closing !== undefined || lost.signal.aborted) return;
        const resume = stream.resumeFrom();
        // A stream that carried events since the last reconnect starts the count again.
        if (resume !== undefined && resume.lastEventId !== resumedFrom) attempt = 0;
        let next: ShardStream | undefined;
        while (next === undefined) {
          if (!(err instanceof ShardUnreachableError) || resume === undefined || attempt >= reconnects) {
            lostShards.add(shard);
            loseShard(attempt > 0 ? new Error(`${err.message} (after ${attempt} reconnect(s))`) : err);
            return;
          }
          attempt++;
          await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs));
          if (closing !== undefined || lost.signal.aborted) return;
          try {
            next = await clients[shard]!.stream(sinceMs, (o) => onObservation(shard, o), opts.streamIdleMs, resume);
          } catch (reconnectErr) {
            err = reconnectErr as Error;
          }
        }
        resumedFrom = resume!.lastEventId;
        streams[shard] = next;
        stream = next;
        if (closing !== undefined) next.close();
      }
    })();
  };
  try {
    if (users.length > 0) {
      // Every POST settles before a failure is thrown, so each user that took is known and taken back.
      const added = await Promise.allSettled(
        clients.map(async (c, shard) => {
          await c.addUsers(users);
          withUsers.add(shard);
        }),
      );
      const failed = added.find((a): a is PromiseRejectedResult => a.status === 'rejected');
      if (failed !== undefined) throw failed.reason as Error;
    }
    await refreshInventory(clients.keys());
    const sinceMs = opts.clock.now();
    for (const [shard, client] of clients.entries()) {
      streams.push(await client.stream(sinceMs, (o) => onObservation(shard, o), opts.streamIdleMs));
    }
    for (const [shard, stream] of streams.entries()) follow(shard, stream, sinceMs);
  } catch (err) {
    for (const s of streams) s.close();
    await removeUsers();
    throw err;
  }

  const partsOf = (request: RunFaultRequest): { cameras: string[]; byShard: Map<number, string[]> } => {
    const t = request.target;
    const cameras = t.cameras ?? (t.camera !== undefined ? [t.camera] : undefined);
    if (cameras === undefined)
      throw new Error(`a sharded fleet routes faults by camera id; got target ${JSON.stringify(t)}`);
    const byShard = new Map<number, string[]>();
    for (const id of cameras) {
      const shard = shardOf.get(id);
      if (shard === undefined) throw new Error(`no shard serves '${id}'`);
      byShard.set(shard, [...(byShard.get(shard) ?? []), id]);
    }
    return { cameras, byShard };
  };

  const clearParts = async (f: ShardedFault): Promise<void> => {
    await Promise.all([...f.parts].map(([shard, id]) => clients[shard]!.clearFault(id)));
    await refreshInventory(f.parts.keys());
  };

  const fleet: ShardRunFleet = {
    log,
    lost: lost.signal,
    inventory: () => inventory,
    async applyFault(request) {
      if (closing !== undefined) throw new Error('the sharded fleet is closing');
      const { cameras, byShard } = partsOf(request);
      const number = faultNumber + 1;
      const f: ShardedFault = {
        id: `fault-${number}`,
        kind: request.kind,
        cameras,
        parts: new Map(),
        posted: false,
        abandoned: false,
        applied: new Map(),
        cleared: new Map(),
        appliedRecorded: false,
        clearedRecorded: false,
      };
      const body = {
        kind: request.kind,
        target: { cameras },
        params: request.params,
        seed: mixSeed(opts.plan.seed, number),
      };
      const posts = [...byShard.keys()].map(async (shard) => {
        postsInFlight[shard]!++;
        try {
          const id = await clients[shard]!.applyFault(body);
          f.parts.set(shard, id);
          byShardFault.set(key(shard, id), f);
        } finally {
          postsInFlight[shard]!--;
        }
      });
      const settled = await Promise.allSettled(posts);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed !== undefined) {
        // All or nothing, as in one process: the parts that took are taken back.
        f.abandoned = true;
        await clearParts(f).catch(() => undefined);
        for (const shard of byShard.keys()) drainWaiting(shard);
        throw failed.reason as Error;
      }
      faultNumber = number;
      f.posted = true;
      faults.set(f.id, f);
      for (const shard of byShard.keys()) drainWaiting(shard);
      recordMerged(f);
      await refreshInventory(byShard.keys());
      return { id: f.id };
    },
    async clearFault(id) {
      const f = faults.get(id);
      if (f === undefined) throw new Error(`no fault '${id}' in this run`);
      faults.delete(id);
      await clearParts(f);
    },
    close() {
      closing ??= (async () => {
        const errors: string[] = [];
        await Promise.all(
          [...faults.values()].map((f) =>
            clearParts(f).catch((err: unknown) => void errors.push(`clearing ${f.id}: ${(err as Error).message}`)),
          ),
        );
        faults.clear();
        errors.push(...(await removeUsers()));
        // What arrives after this is past the run's end, which the runner fixed before closing.
        for (const s of streams) s.close();
        await Promise.all(streams.map((s) => s.ended));
        if (errors.length > 0) throw new Error(`the shards kept what this run gave them: ${errors.join('; ')}`);
      })();
      return closing;
    },
  };
  return fleet;
}
