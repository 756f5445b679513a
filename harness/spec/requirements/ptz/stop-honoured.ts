import type { Requirement } from '../../requirement.ts';
import { judgePtzDelivery } from '../../judgements/ptz-delivery-judgement.ts';

export const stopHonoured: Requirement<{ reachWithinMs: number }> = {
  id: 'HUB-PTZ-02',
  area: 'PTZ',
  title: 'PTZ stop is honoured',
  rationale: 'A head that keeps turning after the operator lets go points away from the incident.',
  level: 'MUST',
  side: 'hub',
  params: {
    reachWithinMs: {
      default: 1_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the stop at the hub to Stop (or zero-velocity ContinuousMove) at the camera',
    },
  },
  needs: { observations: ['hub.ptz', 'ptz.command'], capabilities: ['ptz'] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (PTZ)',
      feature: 'Stop Pan Tilt Movement (PtzPanTiltContinuousPositioning_PanTiltStop)',
      testCase: 'PTZPANTILTCONTINUOUSPOSITIONING-2',
    },
    {
      source: 'ONVIF Client Test Specification (PTZ)',
      feature:
        'Stop Pan Tilt Movement using Continuous Move (PtzPanTiltContinuousPositioning_PanTiltStopUsingPTZContinuousMove)',
      testCase: 'PTZPANTILTCONTINUOUSPOSITIONING-3',
    },
  ],
  check(ctx) {
    return judgePtzDelivery(ctx, (command) => command === 'stop', 'PTZ stop');
  },
};
