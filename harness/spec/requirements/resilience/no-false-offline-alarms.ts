import type { Requirement } from '../../requirement.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { offlineAlarmSpans } from '../../evidence/offline-alarms.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

export const noFalseOfflineAlarms: Requirement<{ graceMs: number }> = {
  id: 'HUB-RES-09',
  area: 'RESILIENCE',
  title: 'No offline alarm for a camera that was up',
  rationale: 'False alarms cost a control room its trust in alarms; an offline alarm must coincide with an injected fault.',
  level: 'SHOULD',
  side: 'hub',
  params: { graceMs: { default: 30_000, unit: 'ms', stricter: 'lower', description: 'after a fault clears, an alarm raised this late still counts as the fault\'s' } },
  needs: { observations: ['hub.alarm'], capabilities: ['alarms'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const faults = faultWindows(observations);
    const alarms = offlineAlarmSpans(observations);
    const alarmable = faults.filter((w) => w.cameras.length > 0);
    if (alarms.length === 0 && alarmable.length === 0) return notExercised('no fault was injected and no offline alarm was raised');
    const falseAlarms = alarms.filter((a) => !inAnyWindow(faults, a.camera, a.raisedMs - params.graceMs, a.raisedMs, run.endMs));
    const measurement = { name: 'offline alarms with no fault behind them', value: falseAlarms.length, unit: 'count' as const, threshold: 0, op: '<=' as const };
    if (falseAlarms.length > 0) return failed(`${falseAlarms.length} offline alarm(s) with no fault within ${formatMs(params.graceMs)}`, measurement, falseAlarms.map((a) => ({ camera: a.camera, hub: a.hub, atMs: a.raisedMs, text: 'offline alarm raised while no fault was injected' })));
    if (alarms.length === 0) return notExercised('the hub raised no offline alarm, so none could be false');
    return passed(`all ${alarms.length} offline alarms coincided with injected faults`, measurement, alarms.map((a) => ({ camera: a.camera, hub: a.hub, atMs: a.raisedMs, text: 'offline alarm during an injected fault' })));
  },
};
