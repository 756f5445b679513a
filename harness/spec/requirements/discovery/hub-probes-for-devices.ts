import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { multicastProbeAnswers } from '../../evidence/probe-answers.ts';
import { personalityCoverage } from '../../evidence/personalities.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

export const hubProbesForDevices: Requirement<{ minDevices: number }> = {
  id: 'HUB-DISC-01',
  area: 'DISCOVERY',
  title: 'Locates cameras with WS-Discovery Probe',
  rationale:
    'Sites are commissioned by discovery, not by typing addresses: the hub must send WS-Discovery Probes and take ProbeMatches from every kind of camera on the site. A camera a hub is given is located when it answers a multicast Probe after the hub is given it and before the hub first asks it anything over ONVIF (a directed Probe goes to an address the hub already had: it locates nothing).',
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
  needs: { observations: ['discovery.probe', 'onvif.request'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'Discovery (Discovery_WSDiscovery)',
      testCase: 'DISCOVERY-1',
    },
  ],
  check({ observations, params, run }) {
    const { probes, answers } = multicastProbeAnswers(observations);
    if (probes === 0)
      return failed(
        'the hub sent no multicast WS-Discovery Probe during the run',
        { name: 'multicast Probes seen', value: 0, unit: 'count', threshold: 1, op: '>=' },
        [],
      );
    // Without provisioning records (a hub started by hand) the hub may have probed before the run.
    const provisioned = observations.some((o) => o.kind === 'hub.provisioned');
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    // Every multicast Probe on the host reaches every fleet on it: only the window in which this
    // hub must have located the camera counts, so another run's Probe cannot locate it for the hub.
    for (const a of assignments(observations, run)) {
      const user = userOfHub(run, a.hub);
      const fromMs = provisioned ? a.fromMs : Number.NEGATIVE_INFINITY;
      const asked = observations.find(
        (o) => o.kind === 'onvif.request' && o.camera === a.camera && o.user === user && o.atMs >= a.fromMs,
      );
      const untilMs = asked?.atMs ?? a.toMs ?? run.endMs;
      const atMs = (answers.get(a.camera) ?? []).find((t) => t >= fromMs && t <= untilMs);
      const e = { camera: a.camera, hub: a.hub };
      if (atMs !== undefined)
        ok.push({
          ...e,
          atMs,
          text:
            asked === undefined
              ? 'answered a multicast Probe'
              : `answered a multicast Probe ${formatMs(asked.atMs - atMs)} before the hub first asked it over ONVIF`,
        });
      else
        misses.push({
          ...e,
          fromMs: a.fromMs,
          ...(asked === undefined ? {} : { atMs: asked.atMs }),
          text:
            asked === undefined
              ? 'never answered a multicast Probe while the hub held it'
              : 'asked over ONVIF before it answered any multicast Probe: the hub did not locate it',
        });
    }
    if (misses.length > 0) {
      const measurement = {
        name: 'cameras given to a hub and not located by a Probe',
        value: misses.length,
        unit: 'count' as const,
        threshold: 0,
        op: '<=' as const,
      };
      return failed(
        `${misses.length} of ${misses.length + ok.length} cameras given to a hub were not located by a multicast Probe`,
        measurement,
        [...misses, ...ok],
      );
    }
    const coverage = personalityCoverage(
      run,
      ok.map((e) => e.camera!),
      params.minDevices,
    );
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
      `${probes} multicast Probes; every camera located before it was asked, over ${coverage.covered.join(', ')}`,
      measurement,
      ok,
    );
  },
};
