import type { Requirement } from '../../requirement.ts';
import { judgeChallenges } from '../../judgements/challenge-judgement.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { staleNonceFaultKinds } from '../../evidence/fault-kinds.ts';

export const survivesStaleNonce: Requirement<{ retryWithinMs: number }> = {
  id: 'HUB-AUTH-04',
  area: 'AUTH',
  title: 'Survives nonce expiry without losing streams',
  rationale:
    'Cameras expire digest nonces (stale=true); a hub that treats that as a wrong password drops streams in the middle of a shift.',
  level: 'MUST',
  side: 'hub',
  params: {
    retryWithinMs: {
      default: 5_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the stale-nonce 401 to the re-authenticated success',
    },
  },
  needs: { observations: ['rtsp.request', 'onvif.request', 'fault.applied'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'HTTP Digest (HTTPDigest_HTTPDigestAuthentication)',
      testCase: 'HTTPDIGEST-1',
    },
    { source: 'RFC 7616 §3.3 (stale nonce)' },
  ],
  check(ctx) {
    const windows = windowsOfKind(ctx.observations, staleNonceFaultKinds);
    return judgeChallenges(ctx, 'stale-nonce challenge', windows, []);
  },
};
