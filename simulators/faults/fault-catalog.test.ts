import { describe, expect, it } from 'vitest';
import { FaultRegistry, DuplicateFaultKindError } from './fault-registry.ts';
import { faultCatalog } from './fault-catalog.ts';
import { outageFault } from './kinds/outage.ts';

describe('faultCatalog', () => {
  const catalog = faultCatalog();

  it('lists every shipped kind', () => {
    expect([...catalog.kinds()].sort()).toEqual([
      'bandwidth',
      'clock-drift',
      'credentials',
      'jitter',
      'latency',
      'loss',
      'motion',
      'outage',
      'quirk',
      'readdress',
      'reboot',
      'recorder',
      'soap-delay',
      'soap-fault',
      'stale-nonce',
      'tamper',
    ]);
  });

  it('judges params with the kind schema, naming the key', () => {
    expect(catalog.paramIssues('outage', { mode: 'power' })).toEqual([]);
    expect(catalog.paramIssues('outage', { mode: 'flood' })[0]!.path).toEqual(['mode']);
    expect(catalog.paramIssues('bandwidth', { limit: '1mbit', colour: 'red' })[0]!.path).toEqual(['colour']);
    expect(catalog.paramIssues('meteor', {})[0]!.message).toMatch(/unknown fault kind 'meteor'/);
  });

  it('a registry refuses a kind registered twice', () => {
    expect(() => new FaultRegistry([outageFault, outageFault])).toThrow(DuplicateFaultKindError);
  });
});
