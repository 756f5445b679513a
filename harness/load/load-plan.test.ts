import { describe, expect, it } from 'vitest';
import { fixtureContext } from '../scenario/scenario-context.fixture.ts';
import { loadPlan, shardsInTurn, stageLabel } from './load-plan.ts';

const layout = fixtureContext.layoutOf({
  sites: [{ name: 'load', cameras: { count: 6, model: 'fixed-1080p', ptz: 0 } }],
});
const spec = {
  version: 'fixture-1',
  requirements: ['HUB-LOAD-01', 'HUB-LOAD-02', 'HUB-LOAD-03'].map((id) => ({
    ...fixtureContext.spec.requirements[0]!,
    id,
    params: {},
    needs: { observations: [], capabilities: [] },
  })),
};

describe('loadPlan', () => {
  it('provisions each stage’s new cameras and opens it with a mark, then holds', () => {
    const p = loadPlan(
      {
        stages: [
          { cameras: 2, holdMs: 10_000 },
          { cameras: 6, holdMs: 20_000 },
        ],
        hub: 'nms',
        seed: 1,
      },
      spec,
      layout,
    );
    expect(
      p.steps.map((s) => `${s.atMs} ${s.type} ${s.label}${'cameras' in s ? ` [${s.cameras.join(',')}]` : ''}`),
    ).toEqual([
      '0 provision provision 2 more cameras (2 in all) [load-001,load-002]',
      `0 mark ${stageLabel(0, 2)}`,
      '10000 provision provision 4 more cameras (6 in all) [load-003,load-004,load-005,load-006]',
      `10000 mark ${stageLabel(1, 6)}`,
    ]);
    expect(p.durationMs).toBe(30_000);
    expect(p.checks.map((c) => c.id)).toEqual(['HUB-LOAD-01', 'HUB-LOAD-02', 'HUB-LOAD-03']);
    expect(p.hubs).toMatchObject([{ instance: 'hub', adapter: 'nms', sites: [] }]);
  });

  it('refuses a last stage larger than the fleet', () => {
    expect(() => loadPlan({ stages: [{ cameras: 7, holdMs: 1_000 }], hub: 'nms', seed: 1 }, spec, layout)).toThrow(
      /the last stage wants 7 cameras; the fleet has 6/,
    );
  });

  it('takes the cameras in the order given: over shards, each shard in turn from the first stage', () => {
    const ids = layout.cameras.map((c) => c.id);
    // Two shards serve contiguous halves, as `camlab sim --shard I/2` slices a fleet.
    const order = shardsInTurn(ids.map((id, i) => ({ id, shard: i < 3 ? 0 : 1 })));
    expect(order).toEqual(['load-001', 'load-004', 'load-002', 'load-005', 'load-003', 'load-006']);
    const p = loadPlan(
      {
        stages: [
          { cameras: 2, holdMs: 1_000 },
          { cameras: 6, holdMs: 1_000 },
        ],
        hub: 'nms',
        seed: 1,
        order,
      },
      spec,
      layout,
    );
    expect(p.steps.filter((s) => s.type === 'provision').map((s) => s.cameras)).toEqual([
      ['load-001', 'load-004'],
      ['load-002', 'load-005', 'load-003', 'load-006'],
    ]);
    expect(() =>
      loadPlan({ stages: [{ cameras: 2, holdMs: 1_000 }], hub: 'nms', seed: 1, order: ids.slice(1) }, spec, layout),
    ).toThrow(/must name each of the fleet's cameras once/);
  });

  it('shardsInTurn keeps uneven shards whole', () => {
    expect(
      shardsInTurn([
        { id: 'a', shard: 0 },
        { id: 'b', shard: 0 },
        { id: 'c', shard: 0 },
        { id: 'd', shard: 1 },
      ]),
    ).toEqual(['a', 'd', 'b', 'c']);
  });
});
