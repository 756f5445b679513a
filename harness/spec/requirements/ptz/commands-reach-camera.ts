import type { Requirement } from '../../requirement.ts';
import { judgePtzDelivery } from '../../judgements/ptz-delivery-judgement.ts';

export const commandsReachCamera: Requirement<{ reachWithinMs: number }> = {
  id: 'HUB-PTZ-01',
  area: 'PTZ',
  title: 'Operator PTZ commands reach the right camera, profile and preset',
  rationale:
    'An operator steering the wrong camera, or late, loses the suspect; each move and preset recall must arrive at the intended camera quickly.',
  level: 'MUST',
  side: 'hub',
  params: {
    reachWithinMs: {
      default: 1_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the operator command at the hub to the ONVIF operation at the camera',
    },
  },
  needs: { observations: ['hub.ptz', 'ptz.command'], capabilities: ['ptz'] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (PTZ)',
      feature: 'Pan Tilt Continuous Move (PtzPanTiltContinuousPositioning_ContinuousMovePanTilt)',
      testCase: 'PTZPANTILTCONTINUOUSPOSITIONING-1',
    },
    {
      source: 'ONVIF Client Test Specification (PTZ)',
      feature: 'Goto Preset (PtzPresets_PtzGotoPreset)',
      testCase: 'PTZPRESETS-2',
    },
  ],
  check(ctx) {
    return judgePtzDelivery(ctx, (command) => command !== 'stop', 'PTZ command');
  },
};
