import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camSnapshot: Requirement<Record<string, never>> = {
  id: 'CAM-SNAP-01',
  area: 'DEVICE',
  title: 'Serves a JPEG snapshot',
  rationale: 'Control rooms show thumbnails and attach stills to incidents: GetSnapshotUri and a JPEG behind digest.',
  level: 'SHOULD',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    { source: 'ONVIF Media Configuration Device Test Specification', feature: 'Snapshot URI', testCase: 'MEDIA-6-1-1' },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['snapshot'], 'snapshot');
  },
};
