import type { Requirement } from '../../requirement.ts';
import { judgeRefusalRecovery } from '../../judgements/refusal-recovery-judgement.ts';

export const recoversAfter453: Requirement<{ playWithinMs: number }> = {
  id: 'HUB-RES-10',
  area: 'RESILIENCE',
  title: 'Streams again after the camera refused a session with 453 Not Enough Bandwidth',
  rationale:
    'Cameras serve a few RTSP sessions at once; a viewer, a second hub or a stale session of the hub itself can take the last slot, and the camera answers 453. A hub that treats 453 as final leaves the camera unmonitored after the slot frees; it must keep trying at a bounded rate and stream again.',
  level: 'MUST',
  side: 'hub',
  params: {
    playWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the last 453 of a series to the hub playing the camera',
    },
  },
  needs: { observations: ['rtsp.request', 'rtsp.session.play'], capabilities: [] },
  traces: [
    {
      source:
        'Failure mode: RTSP session caps answering 453 (keshavdv/unifi-cam-proxy#340, roflcoopter/viseron#800, homebridge-plugins/homebridge-camera-ffmpeg#2)',
    },
    { source: 'Force CCTV hub specification (no public test)' },
  ],
  check(ctx) {
    return judgeRefusalRecovery(ctx, (o) => o.status === 453, '453 refusal');
  },
};
