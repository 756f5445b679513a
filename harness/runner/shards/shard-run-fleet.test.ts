import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { mixSeed } from '../../../simulators/faults/seeded-random.ts';
import type { Plan } from '../../plan/plan-types.ts';
import { connectShards, fleetMismatch, maxClockOffsetMs, ShardSetError } from './connect-shards.ts';
import { ControlApiShard, type ShardCamera } from './control-api-shard.fixture.ts';
import { startShardRunFleet, type ShardRunFleet } from './shard-run-fleet.ts';

const token = 'shard-test-token';
/** Six cameras over three shards, two each, as `camlab sim --shard i/3` slices them. */
const cameras: ShardCamera[] = Array.from({ length: 6 }, (_, i) => ({
  id: `mk-00${i + 1}`,
  site: 'mk',
  model: 'fixed-1080p',
}));
const plan = {
  seed: 5,
  hubs: [{ instance: 'hub', adapter: 'fake', username: 'camlab-hub', password: 'hub-pw', sites: ['mk'] }],
  cameras: cameras.map((c) => ({ ...c, ptz: false })),
} as unknown as Plan;

const open: { shards: ControlApiShard[]; fleets: ShardRunFleet[] } = { shards: [], fleets: [] };
afterEach(async () => {
  await Promise.all(open.fleets.splice(0).map((f) => f.close().catch(() => undefined)));
  await Promise.all(open.shards.splice(0).map((s) => s.close()));
});

async function threeShards(): Promise<ControlApiShard[]> {
  const shards = await Promise.all([0, 1, 2].map((i) => ControlApiShard.start(i, 3, cameras.slice(2 * i, 2 * i + 2))));
  open.shards.push(...shards);
  return shards;
}

async function fleetOver(shards: readonly ControlApiShard[], streamReconnectDelayMs?: number): Promise<ShardRunFleet> {
  const connected = await connectShards(
    shards.map((s) => s.url),
    { token, now: systemClock.now },
  );
  const fleet = await startShardRunFleet({
    shards: connected,
    plan,
    clock: systemClock,
    ...(streamReconnectDelayMs !== undefined ? { streamReconnectDelayMs } : {}),
  });
  open.fleets.push(fleet);
  await vi.waitFor(() => expect(shards.every((s) => s.streamCount === 1)).toBe(true));
  return fleet;
}

const kinds = (f: ShardRunFleet): string[] =>
  f.log.all().map((o) => `${o.kind}${'faultId' in o ? ` ${o.faultId} ${o.cameras.join(',')}` : ''}`);

describe('connectShards', () => {
  it('merges the inventories in fleet order, whatever order the URLs come in, with the bearer token', async () => {
    const shards = await threeShards();
    const connected = await connectShards([shards[2]!.url, shards[0]!.url, shards[1]!.url], {
      token,
      now: systemClock.now,
    });
    expect(connected.clients.map((c) => c.url)).toEqual(shards.map((s) => s.url));
    expect(connected.inventory.cameras.map((c) => `${c.id}@${c.shard}`)).toEqual([
      'mk-001@0',
      'mk-002@0',
      'mk-003@1',
      'mk-004@1',
      'mk-005@2',
      'mk-006@2',
    ]);
    expect(shards.every((s) => s.requests.every((r) => r.authorization === `Bearer ${token}`))).toBe(true);
    expect(fleetMismatch(connected.inventory, plan)).toBeUndefined();
  });

  it('names every shard that does not answer, and nothing starts', async () => {
    const shards = await threeShards();
    await shards[1]!.lose();
    const err = await connectShards(
      shards.map((s) => s.url),
      { token, now: systemClock.now },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShardSetError);
    expect((err as ShardSetError).reason).toBe('unreachable');
    expect((err as Error).message).toContain(
      `shard ${shards[1]!.url} is unreachable: GET /api/inventory: connect ECONNREFUSED`,
    );
  });

  it('refuses shards of another count, a shard given twice as two, and a clock out of step', async () => {
    const shards = await threeShards();
    await expect(connectShards([shards[0]!.url, shards[1]!.url], { now: systemClock.now })).rejects.toThrow(
      /serves shard 0\/3, but 2 shard\(s\) were given/,
    );
    const twin = await ControlApiShard.start(0, 3, cameras.slice(0, 2));
    open.shards.push(twin);
    await expect(
      connectShards([shards[0]!.url, twin.url, shards[2]!.url], { now: systemClock.now }),
    ).rejects.toMatchObject({ reason: 'mismatch', message: expect.stringMatching(/both serve shard 0\/3/) as unknown });
    shards[2]!.clockOffsetMs = 5 * maxClockOffsetMs;
    await expect(
      connectShards(
        shards.map((s) => s.url),
        { now: systemClock.now },
      ),
    ).rejects.toMatchObject({
      reason: 'clock',
      message: expect.stringMatching(/clock is 5\.\d s ahead of this runner's/) as unknown,
    });
  });

  it('refuses an answer that is not a shard inventory, naming the field', async () => {
    const server = createServer((_req, res) => res.writeHead(200).end('{"generatedAt":"yesterday","cameras":"none"}'));
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(connectShards([url], { now: systemClock.now })).rejects.toThrow(
        /sent something camlab does not understand: GET \/api\/inventory: generatedAt: .*cameras: /,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("says how the shards' fleet differs from the scenario's", async () => {
    const shards = await threeShards();
    const connected = await connectShards(
      shards.map((s) => s.url),
      { now: systemClock.now },
    );
    const other = { cameras: plan.cameras.map((c, i) => (i === 3 ? { ...c, model: 'ptz-dome' } : c)) };
    expect(fleetMismatch(connected.inventory, other)).toBe(
      'camera 4: the scenario has mk-004 (site mk, model ptz-dome), the shards mk-004 (site mk, model fixed-1080p)',
    );
  });
});

describe('startShardRunFleet', () => {
  it("adds the plan's hub user on every shard and merges every shard's stream into one log", async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    for (const s of shards)
      expect(s.requests.find((r) => r.path === '/api/users')?.body).toEqual({
        users: [{ username: 'camlab-hub', password: 'hub-pw', role: 'Operator' }],
      });
    shards.forEach((s, i) =>
      s.emit({ kind: 'camera.state', atMs: Date.now(), camera: cameras[2 * i]!.id, state: 'on' }),
    );
    await vi.waitFor(() => expect(fleet.log.size).toBe(3));
    expect(
      fleet.log
        .all()
        .map((o) => ('camera' in o ? o.camera : ''))
        .sort(),
    ).toEqual(['mk-001', 'mk-003', 'mk-005']);
    expect(fleet.inventory().cameras).toHaveLength(6);
  });

  it('routes a fault to the shards serving its cameras only, and records it as the one fault asked for', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    const { id } = await fleet.applyFault({
      kind: 'outage',
      target: { cameras: ['mk-002', 'mk-005'] },
      params: { mode: 'power' },
    });
    expect(id).toBe('fault-1');
    const posts = (s: ControlApiShard) => s.requests.filter((r) => r.method === 'POST' && r.path === '/api/faults');
    expect(posts(shards[1]!)).toEqual([]);
    for (const s of [shards[0]!, shards[2]!])
      expect(posts(s).map((r) => r.body)).toEqual([
        {
          kind: 'outage',
          target: { cameras: ['mk-002', 'mk-005'] },
          params: { mode: 'power' },
          seed: mixSeed(plan.seed, 1),
        },
      ]);
    // Both shards call their part fault-1; the log holds the run's fault-1 once, with every camera.
    await vi.waitFor(() => expect(kinds(fleet)).toEqual(['fault.applied fault-1 mk-002,mk-005']));
    await fleet.clearFault(id);
    expect(shards[0]!.faults.size + shards[2]!.faults.size).toBe(0);
    await vi.waitFor(() =>
      expect(kinds(fleet)).toEqual(['fault.applied fault-1 mk-002,mk-005', 'fault.cleared fault-1 mk-002,mk-005']),
    );
    const second = await fleet.applyFault({ kind: 'outage', target: { cameras: ['mk-003'] }, params: {} });
    expect(second.id).toBe('fault-2');
    expect(posts(shards[1]!).map((r) => (r.body as { seed: number }).seed)).toEqual([mixSeed(plan.seed, 2)]);
    await expect(fleet.clearFault('fault-9')).rejects.toThrow("no fault 'fault-9' in this run");
  });

  it("records a fault it did not ask for under the shard's name, so it never closes another fault's window", async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    shards[1]!.emit({
      kind: 'fault.applied',
      atMs: Date.now(),
      faultId: 'fault-1',
      fault: 'outage',
      cameras: ['mk-003'],
      params: {},
    });
    await vi.waitFor(() => expect(kinds(fleet)).toEqual(['fault.applied shard-1:fault-1 mk-003']));
  });

  it('takes back the parts that took when a shard refuses its part, and says which', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    await shards[2]!.lose();
    await expect(
      fleet.applyFault({ kind: 'outage', target: { cameras: ['mk-001', 'mk-006'] }, params: {} }),
    ).rejects.toThrow(`shard ${shards[2]!.url} is unreachable`);
    expect(shards[0]!.faults.size).toBe(0);
  });

  it('loses a shard whose stream ends: `lost` says which, and close() still clears the faults on the others', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    await fleet.applyFault({ kind: 'outage', target: { cameras: ['mk-001'] }, params: {} });
    expect(shards[0]!.faults.size).toBe(1);
    expect(fleet.lost.aborted).toBe(false);
    await shards[1]!.lose();
    await vi.waitFor(() => expect(fleet.lost.aborted).toBe(true));
    expect((fleet.lost.reason as Error).message).toMatch(
      new RegExp(`^lost a shard mid-run: shard ${shards[1]!.url} is unreachable: its observation stream`),
    );
    await fleet.close();
    expect(shards[0]!.faults.size).toBe(0);
    // The hub's user is taken back from the shards still there; the lost one is not asked.
    expect(shards.map((s) => [...s.users])).toEqual([[], ['camlab-hub'], []]);
    // The shards belong to the StatefulSet: closing the run leaves them serving.
    const after = await connectShards([shards[0]!.url], { now: systemClock.now }).catch((e: unknown) => e);
    expect((after as Error).message).toMatch(/serves shard 0\/3, but 1 shard\(s\) were given/);
  });

  it('resumes a stream that ended from its last event: nothing lost, nothing repeated', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards, 10);
    const state = (n: number) =>
      ({ kind: 'camera.state', atMs: 1_000 + n, camera: cameras[2]!.id, state: n % 2 === 0 ? 'down' : 'up' }) as const;
    const states = () => fleet.log.all().flatMap((o) => (o.kind === 'camera.state' ? [o.atMs - 1_000] : []));
    shards[1]!.emit(state(0));
    shards[1]!.emit(state(1));
    await vi.waitFor(() => expect(states()).toEqual([0, 1]));
    shards[1]!.endStreams();
    // Recorded while no stream is open: the reconnect's Last-Event-ID replays it.
    shards[1]!.emit(state(2));
    await vi.waitFor(() => expect(shards[1]!.streamCount).toBe(1));
    shards[1]!.emit(state(3));
    await vi.waitFor(() => expect(states()).toEqual([0, 1, 2, 3]));
    expect(fleet.lost.aborted).toBe(false);
    const resumed = shards[1]!.requests.filter((r) => r.path.startsWith('/api/observations/stream'));
    expect(resumed).toHaveLength(2);
  });

  it('loses a shard whose log is not the one it read (the process restarted): what it had recorded is gone', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards, 10);
    shards[1]!.emit({ kind: 'camera.state', atMs: Date.now(), camera: cameras[2]!.id, state: 'down' });
    await vi.waitFor(() => expect(fleet.log.all().some((o) => o.kind === 'camera.state')).toBe(true));
    shards[1]!.restartLog();
    shards[1]!.endStreams();
    await vi.waitFor(() => expect(fleet.lost.aborted).toBe(true));
    expect((fleet.lost.reason as Error).message).toMatch(/is not the one this run read .* it restarted/);
  });

  it('loses a shard that sends what its API never sends (another version): evidence it cannot read', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    shards[0]!.emit({ kind: 'hub.alarm', atMs: Date.now(), camera: 'mk-001' });
    await vi.waitFor(() => expect(fleet.lost.aborted).toBe(true));
    expect((fleet.lost.reason as Error).message).toMatch(
      /sent something camlab does not understand: observation .*kind/,
    );
  });

  it('loses a shard whose fault observation lacks what the merge reads, naming the field', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    shards[1]!.emit({ kind: 'fault.applied', atMs: Date.now(), fault: 'outage', cameras: ['mk-003'], params: {} });
    await vi.waitFor(() => expect(fleet.lost.aborted).toBe(true));
    expect((fleet.lost.reason as Error).message).toMatch(/observation .*: faultId: /);
  });

  it('loses a shard that skipped observations for a slow reader: evidence lost', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    shards[2]!.emitRaw('event: skipped\ndata: 12\n\n');
    await vi.waitFor(() => expect(fleet.lost.aborted).toBe(true));
    expect((fleet.lost.reason as Error).message).toMatch(/skipped 12 observation\(s\).*evidence lost/);
  });

  it('close() is idempotent, takes back the users it added, and does not count its own stop as a lost shard', async () => {
    const shards = await threeShards();
    const fleet = await fleetOver(shards);
    expect(shards.every((s) => s.users.has('camlab-hub'))).toBe(true);
    const first = fleet.close();
    expect(fleet.close()).toBe(first);
    await first;
    await vi.waitFor(() => expect(shards.every((s) => s.streamCount === 0)).toBe(true));
    expect(fleet.lost.aborted).toBe(false);
    expect(shards.map((s) => s.users.size)).toEqual([0, 0, 0]);
    expect(shards.flatMap((s) => s.requests.filter((r) => r.method === 'DELETE').map((r) => r.path))).toEqual(
      Array.from({ length: 3 }, () => '/api/users/camlab-hub'),
    );
  });

  it('takes the users back when starting fails after adding them', async () => {
    const shards = await threeShards();
    const connected = await connectShards(
      shards.map((s) => s.url),
      { now: systemClock.now },
    );
    // Shard 2 goes away between connecting and starting: its POST fails, the others' users are taken back.
    await shards[2]!.lose();
    await expect(startShardRunFleet({ shards: connected, plan, clock: systemClock })).rejects.toThrow(
      `shard ${shards[2]!.url} is unreachable`,
    );
    expect(shards.map((s) => s.users.size)).toEqual([0, 0, 0]);
  });
});
