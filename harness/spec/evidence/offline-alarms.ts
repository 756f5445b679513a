import type { Observation } from '../../../simulators/observations/observation.ts';
import { memoByObservations } from './memo.ts';

/** Adapters are asked to name it 'offline'; the synonyms real hubs use are accepted too. */
const offlinePattern = /offline|lost|loss|disconnect|down|unreachable/i;

export function isOfflineAlarm(alarm: string): boolean {
  return offlinePattern.test(alarm);
}

/** One offline alarm of one hub on one camera, from raised to cleared. */
export interface AlarmSpan {
  hub: string;
  camera: string;
  raisedMs: number;
  clearedMs?: number;
}

export const offlineAlarmSpans = memoByObservations((observations): AlarmSpan[] => {
  const open = new Map<string, AlarmSpan>();
  const spans: AlarmSpan[] = [];
  for (const o of observations) {
    if (o.kind !== 'hub.alarm' || !isOfflineAlarm(o.alarm)) continue;
    const key = `${o.hub}\n${o.camera}`;
    if (o.state === 'raised') {
      if (open.has(key)) continue;
      const span: AlarmSpan = { hub: o.hub, camera: o.camera, raisedMs: o.atMs };
      open.set(key, span);
      spans.push(span);
    } else {
      const span = open.get(key);
      if (span !== undefined) {
        span.clearedMs = o.atMs;
        open.delete(key);
      }
    }
  }
  return spans;
});

/**
 * How long after `fromMs` the hub's offline alarm for the camera was up: 0 when it was already
 * raised, undefined when it was not raised by `untilMs`.
 */
export function alarmDelayMs(observations: readonly Observation[], hub: string, camera: string, fromMs: number, untilMs: number): number | undefined {
  for (const s of offlineAlarmSpans(observations)) {
    if (s.hub !== hub || s.camera !== camera) continue;
    if (s.raisedMs <= fromMs && (s.clearedMs === undefined || s.clearedMs > fromMs)) return 0;
    if (s.raisedMs > fromMs && s.raisedMs <= untilMs) return s.raisedMs - fromMs;
  }
  return undefined;
}
