import type { AlarmKind, Observation } from '../../../simulators/observations/observation.ts';
import type { RunFacts } from '../requirement.ts';
import { cameraOutages, type CameraOutage } from './camera-outages.ts';
import { disruptsCamera, faultWindows } from './fault-windows.ts';
import { memoByObservations } from './memo.ts';

/**
 * The alarm kinds that tell the control room it has lost a camera's picture. Adapters map their
 * hub's own alarms to kinds (observation.ts); nothing here reads an alarm's name.
 */
export const pictureLostKinds: readonly AlarmKind[] = ['offline', 'video-loss'];

/** A stretch during which a hub had a picture-lost alarm up for a camera (any of its names). */
export interface AlarmSpan {
  hub: string;
  camera: string;
  raisedMs: number;
  clearedMs?: number;
  /** The hub's own names of the alarms that made up the span, for reports. */
  names: string[];
}

/**
 * Picture-lost alarm spans per hub and camera. A hub may hold several such alarms at once
 * ('offline' and 'video-loss'); the span lasts while any of them is up.
 */
export const offlineAlarmSpans = memoByObservations((observations): AlarmSpan[] => {
  const up = new Map<string, Set<string>>();
  const open = new Map<string, AlarmSpan>();
  const spans: AlarmSpan[] = [];
  for (const o of observations) {
    if (o.kind !== 'hub.alarm' || !pictureLostKinds.includes(o.alarmKind)) continue;
    const key = `${o.hub}\n${o.camera}`;
    let names = up.get(key);
    if (names === undefined) up.set(key, (names = new Set()));
    if (o.state === 'raised') {
      if (names.has(o.alarm)) continue;
      names.add(o.alarm);
      let span = open.get(key);
      if (span === undefined) {
        span = { hub: o.hub, camera: o.camera, raisedMs: o.atMs, names: [] };
        open.set(key, span);
        spans.push(span);
      }
      if (!span.names.includes(o.alarm)) span.names.push(o.alarm);
    } else if (names.delete(o.alarm) && names.size === 0) {
      const span = open.get(key)!;
      span.clearedMs = o.atMs;
      open.delete(key);
    }
  }
  return spans;
});

export function alarmSpansOf(observations: readonly Observation[], hub: string, camera: string): AlarmSpan[] {
  return offlineAlarmSpans(observations).filter((s) => s.hub === hub && s.camera === camera);
}

const disruptionsByEnd = memoByObservations((): Map<number, CameraOutage[]> => new Map());

/** Every disruption of every camera (outages, reboots, readdressing, caps...), with when it was back. */
export function cameraDisruptions(observations: readonly Observation[], run: RunFacts): CameraOutage[] {
  const cache = disruptionsByEnd(observations);
  let out = cache.get(run.endMs);
  if (out === undefined)
    cache.set(
      run.endMs,
      (out = cameraOutages(observations, faultWindows(observations).filter(disruptsCamera), run.endMs)),
    );
  return out;
}

/** When a camera could serve again after a disruption: its return, else the fault's end (the run's end while active). */
export function backMs(o: CameraOutage): number {
  return o.returnMs ?? o.toMs;
}

/** The alarm a hub holds for one outage. */
export interface OutageAlarm {
  span: AlarmSpan;
  /** The span was already up when the outage began, raised during an earlier disruption of the camera. */
  carried: boolean;
}

/**
 * The hub's picture-lost alarm for `outage`: the first span raised during the outage, or one
 * raised during an earlier disruption of the same camera and still up when this one began. An
 * alarm already up with no disruption behind it is not this outage's (it was a false alarm, and
 * a hub that keeps every alarm raised must not pass). `preexisting` names such a span.
 */
export function outageAlarm(
  observations: readonly Observation[],
  run: RunFacts,
  hub: string,
  outage: CameraOutage,
): { alarm?: OutageAlarm; preexisting?: AlarmSpan } {
  const spans = alarmSpansOf(observations, hub, outage.camera);
  const upAtStart = spans.find(
    (s) => s.raisedMs < outage.fromMs && (s.clearedMs === undefined || s.clearedMs > outage.fromMs),
  );
  if (upAtStart !== undefined) {
    const earlier = cameraDisruptions(observations, run).some(
      (d) =>
        d.camera === outage.camera &&
        d.window.faultId !== outage.window.faultId &&
        d.fromMs <= upAtStart.raisedMs &&
        upAtStart.raisedMs <= backMs(d),
    );
    if (earlier) return { alarm: { span: upAtStart, carried: true } };
  }
  const fresh = spans.find((s) => s.raisedMs >= outage.fromMs && s.raisedMs <= backMs(outage));
  if (fresh !== undefined) return { alarm: { span: fresh, carried: false } };
  return upAtStart !== undefined ? { preexisting: upAtStart } : {};
}
