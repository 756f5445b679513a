import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camDigestAuth: Requirement<Record<string, never>> = {
  id: 'CAM-AUTH-01',
  area: 'DEVICE',
  title: 'Requires credentials and accepts digest',
  rationale:
    'A camera that answers without credentials, or with wrong ones, is open to anyone on the site network; digest must work.',
  level: 'MUST',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    { source: 'ONVIF Base Device Test Specification', feature: 'Digest authentication', testCase: 'SECURITY-1-1-2' },
  ],
  check(ctx) {
    return judgeProbeSteps(
      ctx,
      ['auth.reject-anonymous', 'auth.reject-wrong-password', 'auth.digest'],
      'authentication',
    );
  },
};
