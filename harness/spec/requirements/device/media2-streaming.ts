import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camMedia2Streaming: Requirement<Record<string, never>> = {
  id: 'CAM-MEDIA2-01',
  area: 'DEVICE',
  title: 'Offers Media2 profiles and stream URIs (Profile T)',
  rationale:
    'Profile T devices serve H.265 and newer clients through Media2; where declared it must answer GetProfiles and GetStreamUri.',
  level: 'SHOULD',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Media2 Configuration Device Test Specification',
      feature: 'Get profiles',
      testCase: 'MEDIA2-1-1-4',
    },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['media2.stream-uri'], 'Media2');
  },
};
