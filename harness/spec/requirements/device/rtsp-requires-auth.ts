import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camRtspRequiresAuth: Requirement<Record<string, never>> = {
  id: 'CAM-RTSP-02',
  area: 'DEVICE',
  title: 'Refuses RTSP without credentials',
  rationale:
    'Streams without credentials leak footage to anyone on the network: an anonymous DESCRIBE must get 401 with a Digest challenge.',
  level: 'MUST',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    { source: 'ONVIF Base Device Test Specification', feature: 'Digest authentication', testCase: 'SECURITY-1-1-2' },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['rtsp.reject-anonymous'], 'RTSP authentication');
  },
};
