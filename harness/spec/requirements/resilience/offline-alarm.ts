import type { Requirement } from '../../requirement.ts';
import { judgeOfflineAlarm } from '../../judgements/offline-alarm-judgement.ts';

export const offlineAlarm: Requirement<{ alarmWithinMs: number }> = {
  id: 'HUB-RES-01',
  area: 'RESILIENCE',
  title: 'Raises a camera-offline alarm within a bound of an outage',
  rationale:
    'Cameras at risk of being switched off must be noticed by the control room, not by the next person who looks.',
  level: 'MUST',
  side: 'hub',
  params: {
    alarmWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the camera losing power or network to the offline alarm',
    },
  },
  needs: { observations: ['fault.applied', 'hub.alarm'], capabilities: ['alarms'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check(ctx) {
    return judgeOfflineAlarm(ctx, ['power', 'network'], 'outage');
  },
};
