import { describe, expect, it } from 'vitest';
import { planFleet, shardOf, type PlanOptions } from './fleet-plan.ts';
import { fleetFromCount, fleetSchema } from './fleet-schema.ts';

const perCamera: PlanOptions = {
  addressMode: 'per-camera',
  rtspPort: 554,
  onvifPort: 80,
  bindAddress: '127.0.0.1',
  basePort: 20_000,
  shard: { index: 0, count: 1 },
  extraUsers: [],
};

describe('planFleet', () => {
  const def = fleetSchema.parse({
    sites: [
      {
        name: 'milton-keynes',
        addressBlock: '127.21.0.0/24',
        cameras: [
          { model: 'fixed-1080p', count: 3 },
          { model: 'ptz-dome', count: 1 },
        ],
      },
      { name: 'slough', addressBlock: '127.22.0.0/24', cameras: [{ model: 'legacy-bullet', count: 2 }] },
    ],
  });

  it('gives each camera its own address from its site block, with the standard ports', () => {
    const { cameras } = planFleet(def, perCamera);
    expect(cameras.map((c) => [c.id, c.address, c.rtspPort, c.onvifPort, c.ptz])).toEqual([
      ['milton-keynes-001', '127.21.0.1', 554, 80, false],
      ['milton-keynes-002', '127.21.0.2', 554, 80, false],
      ['milton-keynes-003', '127.21.0.3', 554, 80, false],
      ['milton-keynes-004', '127.21.0.4', 554, 80, true],
      ['slough-001', '127.22.0.1', 554, 80, false],
      ['slough-002', '127.22.0.2', 554, 80, false],
    ]);
  });

  it('port-per-camera: one address, consecutive port pairs', () => {
    const { cameras } = planFleet(def, {
      ...perCamera,
      addressMode: 'port-per-camera',
      bindAddress: '0.0.0.0',
      basePort: 30_000,
    });
    expect(cameras.map((c) => `${c.address}:${c.rtspPort}/${c.onvifPort}`).slice(0, 3)).toEqual([
      '0.0.0.0:30000/30001',
      '0.0.0.0:30002/30003',
      '0.0.0.0:30004/30005',
    ]);
  });

  it('shards are contiguous slices that cover every camera once', () => {
    for (const [total, count] of [
      [10, 3],
      [5000, 7],
      [2, 4],
    ] as const) {
      const shards = Array.from({ length: total }, (_, i) => shardOf(i, total, count));
      expect(shards).toEqual([...shards].sort((a, b) => a - b));
      expect(Math.max(...shards)).toBeLessThan(count);
      const sizes = Array.from({ length: count }, (_, s) => shards.filter((x) => x === s).length).filter((n) => n > 0);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('hub users are added to every camera after the fleet users', () => {
    const { users } = planFleet(def, {
      ...perCamera,
      extraUsers: [{ username: 'hub-a', password: 'x', role: 'Operator' }],
    });
    expect(users.map((u) => u.username)).toEqual(['admin', 'hub-a']);
  });
});

describe('fleetFromCount', () => {
  it('mixes at least one PTZ dome in four and a legacy bullet', () => {
    for (const n of [1, 3, 4, 10, 50, 1000]) {
      const def = fleetFromCount(n);
      const plan = planFleet(def, perCamera);
      expect(plan.cameras).toHaveLength(n);
      expect(plan.cameras.filter((c) => c.ptz).length * 4).toBeGreaterThanOrEqual(n);
      if (n >= 3) expect(plan.cameras.some((c) => c.modelId === 'legacy-bullet')).toBe(true);
    }
  });

  it('spreads cameras over named sites, each with its own block', () => {
    const def = fleetFromCount(7, { sites: ['a', 'b', 'c'], addressBlock: '127.13.0.0/16' });
    expect(def.sites.map((s) => [s.name, s.addressBlock, s.cameras.reduce((n, g) => n + g.count, 0)])).toEqual([
      ['a', '127.13.0.0/24', 3],
      ['b', '127.13.1.0/24', 2],
      ['c', '127.13.2.0/24', 2],
    ]);
  });

  it('uses larger site blocks when a site outgrows a /24', () => {
    const def = fleetFromCount(5000, { addressBlock: '127.20.0.0/16' });
    expect(def.sites[0]!.addressBlock).toBe('127.20.0.0/19');
  });

  it('refuses a block too small', () => {
    expect(() => fleetFromCount(300, { addressBlock: '127.13.0.0/24' })).toThrow(/cannot hold/);
  });
});
