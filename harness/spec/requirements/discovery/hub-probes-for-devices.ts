import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { multicastProbeAnswers } from '../../evidence/probe-answers.ts';
import { personalityCoverage } from '../../evidence/personalities.ts';
import { failed, notExercised, passed } from '../../evidence/outcomes.ts';

export const hubProbesForDevices: Requirement<{ minDevices: number }> = {
  id: 'HUB-DISC-01',
  area: 'DISCOVERY',
  title: 'Locates cameras with WS-Discovery Probe',
  rationale:
    'Sites are commissioned by discovery, not by typing addresses: the hub must send WS-Discovery Probes and take ProbeMatches from every kind of camera on the site. Every camera a hub monitors must have answered one of its multicast Probes (a directed Probe goes to an address the hub already had: it locates nothing).',
  level: 'SHOULD',
  side: 'hub',
  params: {
    minDevices: {
      default: 3,
      unit: 'count',
      stricter: 'higher',
      description: 'distinct camera models that must answer a Probe of the hub',
    },
  },
  needs: { observations: ['discovery.probe'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'Discovery (Discovery_WSDiscovery)',
      testCase: 'DISCOVERY-1',
    },
  ],
  check({ observations, params, run }) {
    const { probes, firstAnswer } = multicastProbeAnswers(observations);
    if (probes === 0)
      return failed(
        'the hub sent no multicast WS-Discovery Probe during the run',
        { name: 'multicast Probes seen', value: 0, unit: 'count', threshold: 1, op: '>=' },
        [],
      );
    const monitored = new Map<string, string>();
    for (const a of assignments(observations, run)) if (!monitored.has(a.camera)) monitored.set(a.camera, a.hub);
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    for (const [camera, hub] of monitored) {
      const atMs = firstAnswer.get(camera);
      if (atMs === undefined)
        misses.push({
          camera,
          hub,
          text: 'monitored, but never answered a multicast Probe: the hub did not locate it',
        });
      else ok.push({ camera, hub, atMs, text: 'answered a multicast Probe' });
    }
    const coverage = personalityCoverage(
      run,
      ok.map((e) => e.camera!),
      params.minDevices,
    );
    if (misses.length > 0) {
      const measurement = {
        name: 'monitored cameras never located by a Probe',
        value: misses.length,
        unit: 'count' as const,
        threshold: 0,
        op: '<=' as const,
      };
      return failed(
        `${misses.length} of ${monitored.size} monitored cameras never answered a multicast Probe`,
        measurement,
        [...misses, ...ok],
      );
    }
    if (!coverage.enoughInFleet)
      return notExercised(
        `ONVIF asks for ${params.minDevices} distinct device personalities; the fleet has ${coverage.inFleet}`,
      );
    const measurement = {
      name: 'distinct camera models answering the Probes',
      value: coverage.covered.length,
      unit: 'count' as const,
      threshold: params.minDevices,
      op: '>=' as const,
    };
    if (coverage.covered.length < params.minDevices)
      return failed(
        `ProbeMatches came from ${coverage.covered.length} models (${coverage.covered.join(', ') || 'none'})`,
        measurement,
        ok,
      );
    return passed(
      `${probes} multicast Probes; every monitored camera answered, over ${coverage.covered.join(', ')}`,
      measurement,
      ok,
    );
  },
};
