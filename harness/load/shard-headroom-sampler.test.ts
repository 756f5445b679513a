import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProcessHeadroom, type HeadroomReading } from '../../simulators/api/process-headroom.ts';
import { ControlApiShard } from '../runner/shards/control-api-shard.fixture.ts';
import { shardHeadroomSchema } from '../runner/shards/shard-api-schemas.ts';
import { ShardClient } from '../runner/shards/shard-client.ts';
import { ShardHeadroomSampler } from './shard-headroom-sampler.ts';

const open: ControlApiShard[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function shards(n: number): Promise<ControlApiShard[]> {
  const started = await Promise.all(
    Array.from({ length: n }, (_, i) => ControlApiShard.start(i, n, [{ id: `c-${i}`, site: 's', model: 'm' }])),
  );
  open.push(...started);
  return started;
}

/** A shard's reading after `seconds` more of its clock, with `activeMs` of it busy on the main thread. */
function reading(base: HeadroomReading, seconds: number, activeMs: number): HeadroomReading {
  return {
    ...base,
    uptimeMs: base.uptimeMs + seconds * 1000,
    mainThread: {
      idleMs: base.mainThread.idleMs + seconds * 1000 - activeMs,
      activeMs: base.mainThread.activeMs + activeMs,
    },
  };
}

const headroomRequests = (s: ControlApiShard): number => s.requests.filter((r) => r.path === '/api/headroom').length;

describe('ShardHeadroomSampler', () => {
  it("gives each shard's counters over each stage: one reading per boundary, the end of one stage the start of the next", async () => {
    const [a, b] = await shards(2);
    const probe = new ProcessHeadroom();
    const base = probe.read();
    probe.close();
    a!.headroom = base;
    b!.headroom = { ...base, host: 'other' };
    const sampler = new ShardHeadroomSampler([a!, b!].map((s) => new ShardClient(s.url, undefined)));
    const boundary = async (next: () => void, expected: number): Promise<void> => {
      next();
      await vi.waitFor(() => expect([a!, b!].map(headroomRequests)).toEqual([expected, expected]));
    };
    await boundary(() => sampler.startStage(0), 1);
    a!.headroom = reading(base, 2, 200);
    b!.headroom = reading({ ...base, host: 'other' }, 2, 1_900);
    await boundary(() => sampler.startStage(1), 2);
    a!.headroom = reading(base, 5, 500);
    await boundary(() => sampler.endStage(), 3);
    sampler.endStage();
    const first = await sampler.stage(0);
    expect(first!.map((s) => [s.name, s.host, s.counters?.loopUtilization.toFixed(2)])).toEqual([
      [`shard 0/2 at ${a!.url}`, base.host, '0.10'],
      [`shard 1/2 at ${b!.url}`, 'other', '0.95'],
    ]);
    const second = await sampler.stage(1);
    // Shard 1 answered the same reading twice: a window of no time, nothing to judge it on.
    expect(second!.map((s) => s.counters?.loopUtilization.toFixed(2))).toEqual(['0.10', '0.00']);
    expect(await sampler.stage(2)).toBeUndefined();
  });

  it('says why a shard could not be measured: one that does not serve /api/headroom, or one that restarted', async () => {
    const [a, b] = await shards(2);
    const probe = new ProcessHeadroom();
    const base = probe.read();
    probe.close();
    b!.headroom = base;
    const sampler = new ShardHeadroomSampler([a!, b!].map((s) => new ShardClient(s.url, undefined)));
    sampler.startStage(0);
    await vi.waitFor(() => expect(headroomRequests(b!)).toBe(1));
    b!.headroom = { ...reading(base, 1, 10), pid: base.pid + 1 };
    sampler.endStage();
    const [x, y] = (await sampler.stage(0))!;
    expect(x!.unmeasured).toMatch(
      new RegExp(`^its headroom could not be read \\(shard ${a!.url} answered 404: GET /api/headroom`),
    );
    expect(x!.host).toBe('127.0.0.1');
    expect(y!.unmeasured).toMatch(/^it restarted within the window/);
  });

  it("reads what a shard's control API serves: ProcessHeadroom's reading passes the client's schema", () => {
    const probe = new ProcessHeadroom({ shard: { index: 1, count: 3 }, workers: () => [] });
    try {
      const parsed = shardHeadroomSchema.safeParse(JSON.parse(JSON.stringify(probe.read())));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data?.shard).toEqual({ index: 1, count: 3 });
      expect(
        shardHeadroomSchema.safeParse({
          ...probe.read(),
          loopDelay: { resolutionMs: 10, boundsMs: [1, 2], counts: [0] },
        }).success,
      ).toBe(false);
    } finally {
      probe.close();
    }
  });
});
