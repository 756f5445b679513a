import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../scenario/scenario-schema.ts';
import { fixtureContext } from '../scenario/scenario-context.fixture.ts';
import { PlanError, plan } from './plan.ts';

const fleet = fixtureContext.layoutOf({
  sites: [
    { name: 'milton-keynes', cameras: { count: 6, model: 'fixed-1080p', ptz: 2 } },
    { name: 'oxfordshire', controlRoom: 'council', cameras: { count: 4, model: 'legacy-bullet', ptz: 0 } },
  ],
});

const rehearsal = scenarioSchema.parse({
  name: 'rehearsal',
  seed: 7,
  fleet: 'fleet.yaml',
  hubs: { police: 'nms', council: 'nms' },
  duration: '5m',
  timeline: [
    { 'wait-for': { condition: 'streaming', hub: 'police', target: { site: 'milton-keynes' }, timeout: '60s' } },
    { at: '30s', mark: 'soak done' },
    { at: '40s', fault: 'outage', mode: 'power', target: { site: 'milton-keynes', share: '50%' }, for: '20s' },
    {
      at: '1m',
      every: '30s',
      until: '2m',
      fault: 'bandwidth',
      limit: '256kbit',
      target: { model: 'legacy-bullet' },
      for: '10s',
    },
    { at: '70s', ptz: { kind: 'goto-preset', preset: 2 }, hub: 'police', target: { site: 'milton-keynes' } },
    { at: '3m', handover: { site: 'oxfordshire', from: 'council', to: 'police', readdress: true } },
  ],
  expect: ['HUB-RES-01', { id: 'HUB-RES-02', reconnectWithinMs: 15_000 }],
});

describe('plan', () => {
  it('expands the timeline into ordered steps, hubs with their users, and checks', () => {
    expect(plan(rehearsal, fixtureContext.spec, fleet)).toMatchSnapshot();
  });

  it('is a pure function of scenario, specification and fleet', () => {
    expect(JSON.stringify(plan(rehearsal, fixtureContext.spec, fleet))).toBe(
      JSON.stringify(plan(rehearsal, fixtureContext.spec, fleet)),
    );
  });

  it('picks other cameras for a share under another seed, same cameras under the same seed', () => {
    const outage = (seed: number) =>
      plan({ ...rehearsal, seed }, fixtureContext.spec, fleet).steps.find((s) => s.type === 'fault')!;
    expect(outage(7).cameras).toHaveLength(3);
    const seeds = [1, 2, 3, 4, 5].map((s) => outage(s).cameras.join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('repeats an every-action until its end, clearing each before the next', () => {
    const bandwidth = plan(rehearsal, fixtureContext.spec, fleet)
      .steps.filter((s) => s.type === 'fault' || s.type === 'clear')
      .filter((s) => 'fault' in s && s.fault === 'bandwidth');
    expect(bandwidth.map((s) => `${s.atMs} ${s.type}`)).toEqual([
      '60000 fault',
      '70000 clear',
      '90000 fault',
      '100000 clear',
    ]);
  });

  it('gives the handover site to its releasing hub and the rest to the first instance', () => {
    const p = plan(rehearsal, fixtureContext.spec, fleet);
    expect(p.hubs.map((h) => [h.instance, h.sites])).toEqual([
      ['police', ['milton-keynes']],
      ['council', ['oxfordshire']],
    ]);
    expect(p.hubs[0]!.username).not.toBe(p.hubs[1]!.username);
  });

  it('judges the whole hub side with spec defaults when the scenario lists no expectation', () => {
    const p = plan({ ...rehearsal, expect: undefined }, fixtureContext.spec, fleet);
    expect(p.selected).toBeUndefined();
    expect(p.checks.map((c) => [c.id, c.params])).toEqual([
      ['HUB-RES-01', { alarmWithinMs: 30_000 }],
      ['HUB-RES-02', { reconnectWithinMs: 20_000 }],
      ['HUB-STR-03', { frameRatio: 0.95 }],
    ]);
  });

  it('lists every problem at once', () => {
    const bad = scenarioSchema.parse({
      name: 'bad',
      fleet: 'x',
      hubs: { a: 'nms', b: 'nms' },
      timeline: [
        { ptz: 'stop', target: { site: 'milton-keynes' } },
        { fault: 'outage', target: { site: 'nowhere' } },
      ],
      expect: ['HUB-NOPE-01'],
    });
    try {
      plan(bad, fixtureContext.spec, fleet);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PlanError);
      expect((err as PlanError).issues.map((i) => i.path.join('.'))).toEqual([
        'timeline.0.hub',
        'timeline.1.target.site',
        'expect.0',
      ]);
    }
  });
});
