import type { Requirement } from '../../requirement.ts';
import { judgeProbeSteps } from '../../judgements/probe-judgement.ts';

export const camCoreOperations: Requirement<Record<string, never>> = {
  id: 'CAM-CORE-01',
  area: 'DEVICE',
  title: 'Answers the ONVIF core device operations',
  rationale: 'Every hub starts with these operations (Profile S/T core); a device that fails them cannot be enrolled.',
  level: 'MUST',
  side: 'device',
  params: {},
  needs: { observations: ['probe.result'], capabilities: [] },
  traces: [
    { source: 'ONVIF Base Device Test Specification', feature: 'Device information', testCase: 'DEVICE-3-1-9' },
    { source: 'ONVIF Base Device Test Specification', feature: 'Get services', testCase: 'DEVICE-1-1-13' },
  ],
  check(ctx) {
    return judgeProbeSteps(ctx, ['GetSystemDateAndTime', 'GetDeviceInformation', 'services'], 'core device');
  },
};
