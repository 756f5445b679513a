import type { Requirement } from '../../requirement.ts';
import { personalityCoverage } from '../../evidence/personalities.ts';
import { failed, notExercised, passed } from '../../evidence/outcomes.ts';

export const hubProbesForDevices: Requirement<{ minDevices: number }> = {
  id: 'HUB-DISC-01',
  area: 'DISCOVERY',
  title: 'Locates cameras with WS-Discovery Probe',
  rationale:
    'Sites are commissioned by discovery, not by typing addresses: the hub must send WS-Discovery Probes and take ProbeMatches from every kind of camera on the site.',
  level: 'SHOULD',
  side: 'hub',
  params: { minDevices: { default: 3, unit: 'count', stricter: 'higher', description: 'distinct camera models that must answer a Probe of the hub' } },
  needs: { observations: ['discovery.probe'], capabilities: [] },
  traces: [{ source: 'ONVIF Client Test Specification (core)', feature: 'Discovery (Discovery_WSDiscovery)', testCase: 'DISCOVERY-1' }],
  check({ observations, params, run }) {
    const probes = observations.filter((o) => o.kind === 'discovery.probe');
    if (probes.length === 0) return failed('the hub sent no WS-Discovery Probe during the run', { name: 'Probes seen', value: 0, unit: 'count', threshold: 1, op: '>=' }, []);
    const answered = probes.flatMap((p) => (p.kind === 'discovery.probe' && p.camera !== undefined ? [p] : []));
    const coverage = personalityCoverage(run, answered.map((p) => p.camera!), params.minDevices);
    if (!coverage.enoughInFleet) return notExercised(`ONVIF asks for ${params.minDevices} distinct device personalities; the fleet has ${coverage.inFleet}`);
    const measurement = { name: 'distinct camera models answering the Probes', value: coverage.covered.length, unit: 'count' as const, threshold: params.minDevices, op: '>=' as const };
    const firstPerCamera = new Map(answered.map((p) => [p.camera!, p]));
    const evidence = [...firstPerCamera.values()].map((p) => ({ camera: p.camera!, atMs: p.atMs, text: `answered a Probe from ${p.client ?? 'the hub'}` }));
    if (coverage.covered.length < params.minDevices) return failed(`ProbeMatches came from ${coverage.covered.length} models (${coverage.covered.join(', ') || 'none'})`, measurement, evidence);
    return passed(`${probes.length} Probes; ProbeMatches from ${coverage.covered.join(', ')}`, measurement, evidence);
  },
};
