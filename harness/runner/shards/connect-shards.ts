import type { Inventory } from '../../../simulators/fleet/inventory.ts';
import { InventoryMergeError, mergeInventories } from '../../../simulators/fleet/merge-inventories.ts';
import type { Plan } from '../../plan/plan-types.ts';
import { ShardClient } from './shard-client.ts';

/** Every shard answered, their inventories agree and merge, their clocks agree with ours. */
export interface ConnectedShards {
  /** Indexed by shard index: `clients[i]` serves shard i of the fleet. */
  clients: ShardClient[];
  /** The shards' inventories merged: every camera once, in fleet order, naming its shard. */
  inventory: Inventory;
  /** Each shard's clock minus ours, as measured (ms), by shard index. */
  clockOffsetsMs: number[];
}

/** Why the shards cannot be driven; `reason` says whether it is the shards (infrastructure) or the user's input. */
export class ShardSetError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'mismatch' | 'clock',
  ) {
    super(message);
    this.name = 'ShardSetError';
  }
}

/**
 * Observations are judged on one time line, so each shard's clock must agree with the runner's
 * (NTP in a cluster; one clock on one machine). Offsets under this are far below every bound the
 * specification judges (seconds).
 */
export const maxClockOffsetMs = 1_000;

/**
 * Asks every shard for its inventory (in parallel, every failure named), checks that they are
 * the shards of one fleet (each index once, the same count, the list complete) and that each
 * shard's clock agrees with `now` within maxClockOffsetMs, and merges their inventories.
 */
export async function connectShards(
  urls: readonly string[],
  opts: { token?: string; now: () => number; requestTimeoutMs?: number },
): Promise<ConnectedShards> {
  const clients = urls.map((u) => new ShardClient(u.replace(/\/+$/, ''), opts.token, opts.requestTimeoutMs));
  const answers = await Promise.allSettled(clients.map((c) => c.inventory(opts.now)));
  const failures = answers.flatMap((a) => (a.status === 'rejected' ? [(a.reason as Error).message] : []));
  if (failures.length > 0) throw new ShardSetError(failures.join('\n'), 'unreachable');
  const got = answers.map((a) => (a as PromiseFulfilledResult<Awaited<ReturnType<ShardClient['inventory']>>>).value);

  const byIndex: ShardClient[] = [];
  const problems: string[] = [];
  got.forEach(({ inventory }, k) => {
    const shard = inventory.shard ?? { index: 0, count: 1 };
    if (shard.count !== urls.length)
      problems.push(
        `${clients[k]!.url} serves shard ${shard.index}/${shard.count}, but ${urls.length} shard(s) were given`,
      );
    else if (byIndex[shard.index] !== undefined)
      problems.push(
        `${clients[k]!.url} and ${byIndex[shard.index]!.url} both serve shard ${shard.index}/${shard.count}`,
      );
    else byIndex[shard.index] = clients[k]!;
  });
  if (problems.length > 0) throw new ShardSetError(problems.join('\n'), 'mismatch');

  const clockOffsetsMs: number[] = [];
  got.forEach(({ inventory, sentMs, receivedMs }, k) => {
    const index = inventory.shard?.index ?? 0;
    const offset = Date.parse(inventory.generatedAt) - (sentMs + receivedMs) / 2;
    clockOffsetsMs[index] = offset;
    // The answer was made somewhere between sending and receiving: only what lies beyond that counts.
    if (Math.abs(offset) - (receivedMs - sentMs) / 2 > maxClockOffsetMs)
      problems.push(
        `${clients[k]!.url}'s clock is ${(offset / 1000).toFixed(1)} s ${offset > 0 ? 'ahead of' : 'behind'} this runner's (at most ${maxClockOffsetMs / 1000} s allowed: observations are judged on one time line; synchronise the clocks, e.g. NTP)`,
      );
  });
  if (problems.length > 0) throw new ShardSetError(problems.join('\n'), 'clock');

  let inventory: Inventory;
  try {
    inventory = mergeInventories(got.map((g) => g.inventory));
  } catch (err) {
    if (err instanceof InventoryMergeError) throw new ShardSetError(err.message, 'mismatch');
    throw err;
  }
  return { clients: byIndex, inventory, clockOffsetsMs };
}

/**
 * Whether the shards serve the scenario's fleet: the same cameras (id, site, model) in the same
 * order and the same recorders. Addresses and ports may differ (a shard may serve them on its pod's
 * address, --port-mode). Returns what differs, or undefined.
 */
export function fleetMismatch(inventory: Inventory, plan: Pick<Plan, 'cameras'>): string | undefined {
  const want = plan.cameras.filter((c) => c.device !== 'recorder');
  const have = inventory.cameras;
  const wantRecorders = plan.cameras.filter((c) => c.device === 'recorder').map((c) => c.id);
  const haveRecorders = (inventory.recorders ?? []).map((r) => r.id);
  const differences: string[] = [];
  if (want.length !== have.length)
    differences.push(`the scenario's fleet has ${want.length} cameras, the shards serve ${have.length}`);
  for (let i = 0; i < Math.min(want.length, have.length) && differences.length < 5; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.id !== h.id || w.site !== h.site || w.model !== h.model)
      differences.push(
        `camera ${i + 1}: the scenario has ${w.id} (site ${w.site}, model ${w.model}), the shards ${h.id} (site ${h.site}, model ${h.model})`,
      );
  }
  if (wantRecorders.join(',') !== haveRecorders.join(','))
    differences.push(
      `recorders: the scenario has [${wantRecorders.join(', ')}], the shards [${haveRecorders.join(', ')}]`,
    );
  return differences.length === 0 ? undefined : differences.join('\n');
}
