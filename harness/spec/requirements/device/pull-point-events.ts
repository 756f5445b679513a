import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camPullPointEvents: Requirement<Record<string, never>> = {
  id: 'CAM-EVT-01',
  area: 'DEVICE',
  title: 'Delivers events through a pull point',
  rationale:
    'Motion and tamper alarms reach hubs through pull points: CreatePullPointSubscription and PullMessages must work.',
  level: 'SHOULD',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Event Handling Device Test Specification',
      feature: 'Create pull point subscription',
      testCase: 'EVENT-3-1-9',
    },
    { source: 'ONVIF Event Handling Device Test Specification', feature: 'PullMessages', testCase: 'EVENT-3-1-15' },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['events.pull-point'], 'event');
  },
};
