import { bench, describe } from 'vitest';
import { resolveTarget } from '../../simulators/faults/fault-target.ts';
import { mixSeed } from '../../simulators/faults/seeded-random.ts';
import { fixtureContext } from '../scenario/scenario-context.fixture.ts';
import { scenarioSchema } from '../scenario/scenario-schema.ts';
import { plan } from './plan.ts';

// A go-live sized plan: 5,000 cameras on three sites, an outage every 30 s for an hour (240 fault
// steps, each a seeded 25% share). The peer is the share selection alone, which plan() must pay
// for anyway; the difference is what planning adds.
const layout = fixtureContext.layoutOf({
  sites: ['milton-keynes', 'slough', 'oxfordshire'].map((name, i) => ({
    name,
    cameras: { count: i === 0 ? 1_668 : 1_666, model: 'fixed-1080p', ptz: 100 },
  })),
});
const scenario = scenarioSchema.parse({
  name: 'bench',
  seed: 7,
  fleet: 'x',
  hub: 'nms',
  duration: '1h',
  timeline: [
    { every: '30s', until: '1h', fault: 'outage', mode: 'power', target: { site: 'slough', share: '25%' }, for: '10s' },
  ],
});

describe('plan() for 5,000 cameras and 120 repetitions', () => {
  bench('plan()', () => {
    plan(scenario, fixtureContext.spec, layout);
  });
  bench('peer: the 120 seeded share selections alone', () => {
    for (let r = 0; r < 120; r++)
      resolveTarget({ site: 'slough', share: 0.25 }, layout.cameras, mixSeed(7, `timeline:0:${r}`));
  });
});
