import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camAnswersDiscovery: Requirement<Record<string, never>> = {
  id: 'CAM-DISC-01',
  area: 'DEVICE',
  title: 'Answers a WS-Discovery Probe',
  rationale: 'Sites are commissioned by discovery; a camera that does not answer Probes must be added by hand.',
  level: 'SHOULD',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Base Device Test Specification',
      feature: 'Search using unicast Probe message',
      testCase: 'DISCOVERY-1-1-6',
    },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['discovery.probe'], 'WS-Discovery');
  },
};
