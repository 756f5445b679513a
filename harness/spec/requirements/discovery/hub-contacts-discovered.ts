import type { Requirement, Evidence } from '../../requirement.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { multicastProbeAnswers } from '../../evidence/probe-answers.ts';

export const hubContactsDiscovered: Requirement<{ contactWithinMs: number }> = {
  id: 'HUB-DISC-02',
  area: 'DISCOVERY',
  title: 'Follows up every discovered camera over ONVIF',
  rationale:
    'A camera that answered discovery but is never queried is a camera nobody monitors: the hub must ask each one about itself within a bound.',
  level: 'SHOULD',
  side: 'hub',
  params: {
    contactWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the ProbeMatch (or Hello) to the first ONVIF request to that camera',
    },
  },
  needs: { observations: ['discovery.probe', 'discovery.hello', 'onvif.request'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'Discovery (Discovery_WSDiscovery)',
      testCase: 'DISCOVERY-1',
    },
  ],
  check({ observations, params, run }) {
    // Each discovery is followed up: a camera's first answer to a multicast Probe, and every Hello it announced.
    const found: [camera: string, atMs: number][] = [...multicastProbeAnswers(observations).answers].map(
      ([camera, times]) => [camera, times[0]!],
    );
    for (const o of observations)
      if (o.kind === 'discovery.hello' && o.camera !== undefined) found.push([o.camera, o.atMs]);
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const [camera, atMs] of found) {
      if (run.endMs - atMs < params.contactWithinMs) continue;
      // A PullMessages is recorded when answered: a long poll parked before the announcement is no follow-up.
      const first = observations.find(
        (o) => o.kind === 'onvif.request' && o.camera === camera && o.atMs >= atMs && o.operation !== 'PullMessages',
      );
      const delay = first === undefined ? run.endMs - atMs : first.atMs - atMs;
      worst = Math.max(worst, delay);
      const e = {
        camera,
        fromMs: atMs,
        ...(first ? { atMs: first.atMs } : {}),
        text: first
          ? `first ONVIF request ${formatMs(delay)} after discovery`
          : 'never queried over ONVIF after discovery',
      };
      (first === undefined || delay > params.contactWithinMs ? misses : ok).push(e);
    }
    if (ok.length + misses.length === 0)
      return notExercised('no camera was discovered with enough of the run left to follow it up');
    const measurement = {
      name: 'worst delay from discovery to first ONVIF request',
      value: worst,
      unit: 'ms' as const,
      threshold: params.contactWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} discoveries not followed up within ${formatMs(params.contactWithinMs)}`,
        measurement,
        [...misses, ...ok],
      );
    return passed(
      `all ${ok.length} discoveries followed up within ${formatMs(params.contactWithinMs)}`,
      measurement,
      ok,
    );
  },
};
