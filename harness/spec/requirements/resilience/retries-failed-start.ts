import type { Requirement } from '../../requirement.ts';
import { judgeRefusalRecovery } from '../../judgements/refusal-recovery-judgement.ts';

export const retriesFailedStart: Requirement<{ playWithinMs: number }> = {
  id: 'HUB-RES-11',
  area: 'RESILIENCE',
  title: 'Retries a camera whose stream failed at start',
  rationale:
    'A camera still booting, or whose encoder is not ready, answers its first DESCRIBEs with an error. A hub that retries only streams it once had, and gives up on one that failed at start, never monitors that camera until someone restarts it.',
  level: 'MUST',
  side: 'hub',
  params: {
    playWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the last failed DESCRIBE before the first PLAY to that PLAY',
    },
  },
  needs: { observations: ['rtsp.request', 'rtsp.session.play'], capabilities: [] },
  traces: [
    {
      source:
        'Failure mode: a source that fails at start is never retried (blakeblackshear/frigate#182, vladpen/cams#74)',
    },
    { source: 'Force CCTV hub specification (no public test)' },
  ],
  check(ctx) {
    // 401 is the digest challenge every first request gets, not a failure.
    return judgeRefusalRecovery(
      ctx,
      (o, playedBefore) => !playedBefore && o.method === 'DESCRIBE' && o.status >= 400 && o.status !== 401,
      'failed DESCRIBE',
    );
  },
};
