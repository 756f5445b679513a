import type { Evidence, Requirement } from '../../requirement.ts';
import { cameraOutages } from '../../evidence/camera-outages.ts';
import { outageWindows } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { offlineAlarmSpans } from '../../evidence/offline-alarms.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans, playingAt } from '../../evidence/session-spans.ts';

export const clearsAlarm: Requirement<{ clearWithinMs: number }> = {
  id: 'HUB-RES-04',
  area: 'RESILIENCE',
  title: 'Clears the offline alarm once the stream is back',
  rationale: 'A stale alarm trains operators to ignore alarms: it must clear when the picture returns.',
  level: 'MUST',
  side: 'hub',
  params: { clearWithinMs: { default: 15_000, unit: 'ms', stricter: 'lower', description: 'from the stream playing again to the alarm clearing' } },
  needs: { observations: ['hub.alarm', 'rtsp.session.play'], capabilities: ['alarms'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const outages = cameraOutages(observations, outageWindows(observations, ['power', 'network', 'stream-freeze']), run.endMs);
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const alarm of offlineAlarmSpans(observations)) {
      const outage = outages.find((o) => o.camera === alarm.camera && alarm.raisedMs >= o.fromMs && alarm.raisedMs <= o.toMs && o.returnMs !== undefined);
      if (outage === undefined) continue;
      const spans = playedSpans(observations, userOfHub(run, alarm.hub)).filter((s) => s.camera === alarm.camera);
      const backMs = outage.returnMs!;
      const streaming = spans.some((s) => playingAt(s, backMs)) ? backMs : spans.find((s) => s.playMs! >= backMs)?.playMs;
      if (streaming === undefined || run.endMs - streaming < params.clearWithinMs) continue;
      const delay = alarm.clearedMs === undefined ? run.endMs - streaming : Math.max(0, alarm.clearedMs - streaming);
      worst = Math.max(worst, delay);
      const e = { camera: alarm.camera, hub: alarm.hub, fromMs: alarm.raisedMs, ...(alarm.clearedMs !== undefined ? { toMs: alarm.clearedMs } : {}), text: alarm.clearedMs === undefined ? 'alarm never cleared after the stream came back' : `alarm cleared ${formatMs(delay)} after the stream came back` };
      (alarm.clearedMs === undefined || delay > params.clearWithinMs ? misses : ok).push(e);
    }
    if (ok.length + misses.length === 0) return notExercised('no offline alarm was raised for an outage whose stream came back');
    const measurement = { name: 'worst time from stream back to alarm cleared', value: worst, unit: 'ms' as const, threshold: params.clearWithinMs, op: '<=' as const };
    if (misses.length > 0) return failed(`${misses.length} of ${ok.length + misses.length} alarms not cleared within ${formatMs(params.clearWithinMs)}`, measurement, [...misses, ...ok]);
    return passed(`all ${ok.length} alarms cleared within ${formatMs(params.clearWithinMs)}`, measurement, ok);
  },
};
