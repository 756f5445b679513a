import type { Requirement } from '../../requirement.ts';
import { judgeOfflineAlarm } from '../../judgements/offline-alarm-judgement.ts';

export const frozenStreamAlarm: Requirement<{ alarmWithinMs: number }> = {
  id: 'HUB-RES-02',
  area: 'RESILIENCE',
  title: 'Raises the offline alarm for a frozen stream too',
  rationale: 'A camera whose socket stays open but sends no pictures is as blind as one switched off; watching only for closed sockets misses it.',
  level: 'MUST',
  side: 'hub',
  params: { alarmWithinMs: { default: 30_000, unit: 'ms', stricter: 'lower', description: 'from the stream freezing to the offline alarm' } },
  needs: { observations: ['fault.applied', 'hub.alarm'], capabilities: ['alarms'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check(ctx) {
    return judgeOfflineAlarm(ctx, ['stream-freeze'], 'stream freeze');
  },
};
