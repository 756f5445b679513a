import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camPtzMoveStop: Requirement<Record<string, never>> = {
  id: 'CAM-PTZ-01',
  area: 'DEVICE',
  title: 'Moves and stops where PTZ is declared',
  rationale: 'A dome that declares PTZ must obey ContinuousMove and Stop.',
  level: 'MUST',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    { source: 'ONVIF PTZ Device Test Specification', feature: 'PTZ continuous move & stop', testCase: 'PTZ-3-1-5' },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['ptz.move-stop'], 'PTZ');
  },
};
