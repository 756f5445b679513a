import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camMediaProfiles: Requirement<Record<string, never>> = {
  id: 'CAM-MEDIA-01',
  area: 'DEVICE',
  title: 'Lists media profiles and gives an RTSP stream URI for each',
  rationale: 'Hubs find streams the ONVIF way: at least one H.264 or H.265 profile, each with an RTSP URI.',
  level: 'MUST',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Media Configuration Device Test Specification',
      feature: 'H.264 video encoder configuration',
      testCase: 'MEDIA-2-1-11',
    },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['GetProfiles', 'GetStreamUri'], 'media profile');
  },
};
