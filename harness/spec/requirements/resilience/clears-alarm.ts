import type { Evidence, Requirement } from '../../requirement.ts';
import { cameraOutages } from '../../evidence/camera-outages.ts';
import { outageWindows } from '../../evidence/fault-windows.ts';
import { hubsMonitoring } from '../../evidence/assignments.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { outageAlarm } from '../../evidence/alarm-state.ts';
import { takingIntervals } from '../../evidence/frames-taken.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

export const clearsAlarm: Requirement<{ clearWithinMs: number }> = {
  id: 'HUB-RES-04',
  area: 'RESILIENCE',
  title: 'Clears the offline alarm once the stream is back, not before',
  rationale:
    'A stale alarm trains operators to ignore alarms: it must clear when the picture returns. A clear before the picture is back tells the control room a camera is fine while it is still blind.',
  level: 'MUST',
  side: 'hub',
  params: {
    clearWithinMs: {
      default: 15_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the hub taking frames again to the alarm clearing',
    },
  },
  needs: { observations: ['hub.alarm', 'rtsp.session.stats'], capabilities: ['alarms'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const bound = params.clearWithinMs;
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    let early = 0;
    for (const o of cameraOutages(
      observations,
      outageWindows(observations, ['power', 'network', 'stream-freeze']),
      run.endMs,
    )) {
      if (o.returnMs === undefined) continue;
      for (const hub of hubsMonitoring(observations, run, o.camera, o.fromMs)) {
        const { alarm } = outageAlarm(observations, run, hub, o);
        if (alarm === undefined) continue;
        const { span } = alarm;
        // The stream is back at the hub when it takes the camera's frames again after the camera returned.
        const taking = takingIntervals(observations, { camera: o.camera, user: userOfHub(run, hub) });
        const block = taking.find(([, b]) => b > o.returnMs!);
        const streamMs = block === undefined ? undefined : Math.max(block[0], o.returnMs);
        const base = {
          camera: o.camera,
          hub,
          fromMs: span.raisedMs,
          ...(span.clearedMs !== undefined ? { toMs: span.clearedMs } : {}),
        };
        if (span.clearedMs !== undefined && (streamMs === undefined || span.clearedMs < streamMs)) {
          early++;
          const before =
            streamMs === undefined
              ? "while the hub never took the camera's frames again"
              : `${formatMs(streamMs - span.clearedMs)} before the hub took the camera's frames again`;
          misses.push({ ...base, atMs: span.clearedMs, text: `alarm cleared ${before}` });
          continue;
        }
        if (streamMs === undefined) continue;
        if (span.clearedMs === undefined && run.endMs - streamMs < bound) continue;
        const delay = (span.clearedMs ?? run.endMs) - streamMs;
        worst = Math.max(worst, delay);
        if (span.clearedMs === undefined)
          misses.push({
            ...base,
            text: `alarm never cleared after the stream came back (${formatMs(delay)} before the run ended)`,
          });
        else
          (delay > bound ? misses : ok).push({
            ...base,
            atMs: span.clearedMs,
            text: `alarm cleared ${formatMs(delay)} after the stream came back`,
          });
      }
    }
    const judged = ok.length + misses.length;
    if (judged === 0) return notExercised('no offline alarm was raised for an outage whose stream came back');
    if (early > 0) {
      // Not a delay: a clear while the picture was still gone fails outright and is measured as a count.
      const measurement = {
        name: 'offline alarms cleared before the stream was back',
        value: early,
        unit: 'count' as const,
        threshold: 0,
        op: '<=' as const,
      };
      return failed(`${early} of ${judged} alarms cleared before the stream was back`, measurement, [...misses, ...ok]);
    }
    const measurement = {
      name: 'worst time from stream back to alarm cleared',
      value: worst,
      unit: 'ms' as const,
      threshold: bound,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${judged} alarms not cleared within ${formatMs(bound)} of the stream being back`,
        measurement,
        [...misses, ...ok],
      );
    return passed(
      `all ${ok.length} alarms cleared within ${formatMs(bound)} of the stream being back`,
      measurement,
      ok,
    );
  },
};
