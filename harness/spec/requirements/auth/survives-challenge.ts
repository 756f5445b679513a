import type { Requirement } from '../../requirement.ts';
import { judgeChallenges } from '../../judgements/challenge-judgement.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { credentialFaultKinds } from '../../evidence/fault-kinds.ts';

export const survivesChallenge: Requirement<{ retryWithinMs: number }> = {
  id: 'HUB-AUTH-03',
  area: 'AUTH',
  title: 'Answers 401 challenges with digest',
  rationale:
    'Cameras challenge every new request with 401 WWW-Authenticate: Digest; the hub must answer the challenge at once instead of giving up or dropping the stream.',
  level: 'MUST',
  side: 'hub',
  params: {
    retryWithinMs: {
      default: 5_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from a 401 to the authenticated success on the same camera',
    },
  },
  needs: { observations: ['rtsp.request', 'onvif.request'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'HTTP Digest (HTTPDigest_HTTPDigestAuthentication)',
      testCase: 'HTTPDIGEST-1',
    },
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'HTTP Digest For RTSP (HTTPDigestForRTSP_HTTPDigestForRTSPTest)',
      testCase: 'HTTPDIGESTFORRTSP-1',
    },
  ],
  check(ctx) {
    return judgeChallenges(ctx, '401 challenge', undefined, windowsOfKind(ctx.observations, credentialFaultKinds));
  },
};
