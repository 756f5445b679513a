import type { Observation } from '../../simulators/observations/observation.ts';
import type { AlarmInterval, SessionInterval } from '../../reports/run-result.ts';

/** RTSP sessions per camera as intervals, from open to close (open ones have no end). */
export function sessionIntervals(
  observations: readonly Observation[],
  siteOf: ReadonlyMap<string, string>,
): SessionInterval[] {
  const open = new Map<string, SessionInterval>();
  const out: SessionInterval[] = [];
  for (const o of observations) {
    if (o.kind === 'rtsp.session.open') {
      const interval: SessionInterval = {
        camera: o.camera,
        site: siteOf.get(o.camera) ?? '',
        client: o.client,
        ...(o.user !== undefined ? { user: o.user } : {}),
        profile: o.profile,
        startMs: o.atMs,
      };
      open.set(`${o.camera}\u0000${o.session}`, interval);
      out.push(interval);
    } else if (o.kind === 'rtsp.session.close') {
      const key = `${o.camera}\u0000${o.session}`;
      const interval = open.get(key);
      if (interval !== undefined) {
        interval.endMs = o.atMs;
        open.delete(key);
      }
    }
  }
  return out;
}

/** Hub alarms as intervals from raised to cleared; a clear closes the oldest open alarm of its kind. */
export function alarmIntervals(
  observations: readonly Observation[],
  siteOf: ReadonlyMap<string, string>,
): AlarmInterval[] {
  const open = new Map<string, AlarmInterval[]>();
  const out: AlarmInterval[] = [];
  for (const o of observations) {
    if (o.kind !== 'hub.alarm') continue;
    const key = `${o.hub}\u0000${o.camera}\u0000${o.alarm}`;
    const list = open.get(key) ?? [];
    if (o.state === 'raised') {
      const interval: AlarmInterval = {
        camera: o.camera,
        site: siteOf.get(o.camera) ?? '',
        hub: o.hub,
        alarm: o.alarm,
        raisedMs: o.atMs,
      };
      list.push(interval);
      open.set(key, list);
      out.push(interval);
    } else {
      const first = list.shift();
      if (first !== undefined) first.clearedMs = o.atMs;
    }
  }
  return out;
}

/** Latencies (ms) of frames read at the hubs' egress, from their SEI stamps. */
export function egressLatencies(observations: readonly Observation[]): number[] {
  const out: number[] = [];
  for (const o of observations) if (o.kind === 'hub.egress') for (const l of o.latencyMs) out.push(l);
  return out;
}

/**
 * Reconnect times (ms): from a camera coming back — a fault on it cleared, or it powered up —
 * to the next RTSP PLAY on it, for cameras that had no playing session when they came back.
 * The later of clear and power-up counts, so a boot is not charged to the hub.
 */
export function reconnectTimes(observations: readonly Observation[]): number[] {
  const playing = new Map<string, Set<string>>();
  const returnedAt = new Map<string, number>();
  const out: number[] = [];
  const sessionsOf = (camera: string): Set<string> => {
    let s = playing.get(camera);
    if (s === undefined) playing.set(camera, (s = new Set()));
    return s;
  };
  for (const o of observations) {
    switch (o.kind) {
      case 'fault.cleared':
        for (const c of o.cameras) if (sessionsOf(c).size === 0) returnedAt.set(c, o.atMs);
        break;
      case 'camera.state':
        if (o.state === 'up' && sessionsOf(o.camera).size === 0) returnedAt.set(o.camera, o.atMs);
        if (o.state !== 'up') sessionsOf(o.camera).clear();
        break;
      case 'rtsp.session.play': {
        sessionsOf(o.camera).add(o.session);
        const since = returnedAt.get(o.camera);
        if (since !== undefined) {
          out.push(o.atMs - since);
          returnedAt.delete(o.camera);
        }
        break;
      }
      case 'rtsp.session.close':
        sessionsOf(o.camera).delete(o.session);
        break;
      default:
        break;
    }
  }
  return out;
}
