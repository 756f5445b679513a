import type { Observation } from '../../../simulators/observations/observation.ts';
import type { RunFacts } from '../../spec/requirement.ts';
import { seededRandom } from '../../../simulators/faults/seeded-random.ts';

export interface RunVolumeOptions {
  cameras: number;
  hours: number;
  /** Share of cameras whose events the hub pulls (PullMessages every 5 s). */
  pullPointShare: number;
  /** Network outages per camera per hour (60 s each: session lost, alarm, reconnect). */
  outagesPerCameraHour: number;
  seed: number;
}

export const t0Ms = 1_790_000_000_000;
const user = 'hub';
const fps = 25;
const bytesPerSecond = 500_000; // 4 Mbit/s main stream
const keepAliveEveryS = 30;
const pullEveryS = 5;
const outageS = 60;

export const cameraId = (i: number): string => `cam-${String(i + 1).padStart(4, '0')}`;

export function runFacts(o: RunVolumeOptions): RunFacts {
  return {
    startMs: t0Ms,
    endMs: t0Ms + o.hours * 3_600_000,
    cameras: Array.from({ length: o.cameras }, (_, i) => ({
      id: cameraId(i),
      site: `site-${i % 3}`,
      model: 'fixed-1080p',
      ptz: false,
    })),
    hubs: ['hub'],
    hubUsers: { hub: user },
  };
}

interface CameraState {
  id: string;
  session: string | undefined;
  sessions: number;
  frames: number;
  bytes: number;
  /** Second the current outage began, if down. */
  downFromS: number | undefined;
}

/**
 * What a go-live rehearsal's log holds, in record order, second by second: the hub's discovery
 * Probe and its ONVIF questions to each camera, every camera provisioned to one hub which pulls its main stream (DESCRIBE, SETUP, PLAY; open, play); a stats
 * sample per session per second; an RTSP keep-alive (GET_PARAMETER) per session every 30 s; the
 * hub pulling events (PullMessages) every 5 s from a share of the cameras; and network outages of
 * 60 s at random (fault applied and cleared, the session lost, the hub's alarm raised and
 * cleared, the stream pulled again). No egress: the hub's restream is read only with the egress
 * capability, and a load run measures it in stages rather than for 8 hours.
 */
export function* runVolume(o: RunVolumeOptions): Generator<Observation> {
  const rand = seededRandom(o.seed);
  const cams: CameraState[] = Array.from({ length: o.cameras }, (_, i) => ({
    id: cameraId(i),
    session: undefined,
    sessions: 0,
    frames: 0,
    bytes: 0,
    downFromS: undefined,
  }));
  const endS = o.hours * 3600;
  const pulling = Math.round(o.cameras * o.pullPointShare);
  const outageChance = o.outagesPerCameraHour / 3600;
  // Each camera has its instant within the second, so the log stays in time order.
  const at = (sec: number, i: number): number => t0Ms + sec * 1000 + Math.floor((i * 1000) / o.cameras);
  const client = (i: number): string => `127.0.0.1:${20_000 + i}`;

  function* pull(i: number, sec: number): Generator<Observation> {
    const atMs = at(sec, i);
    const c = cams[i]!;
    const cl = client(i);
    const url = `rtsp://127.0.0.1/${c.id}/main`;
    const session = `${c.id}-s${++c.sessions}`;
    c.session = session;
    c.frames = 0;
    c.bytes = 0;
    yield { kind: 'connection', atMs, camera: c.id, client: cl, service: 'rtsp' };
    for (const method of ['DESCRIBE', 'SETUP', 'PLAY'])
      yield {
        kind: 'rtsp.request',
        atMs,
        camera: c.id,
        client: cl,
        method,
        url,
        status: 200,
        user,
        auth: 'digest',
        profile: 'main',
        ...(method === 'DESCRIBE' ? {} : { session }),
      };
    yield {
      kind: 'rtsp.session.open',
      atMs,
      camera: c.id,
      client: cl,
      session,
      profile: 'main',
      transport: 'tcp',
      user,
      timeoutMs: 60_000,
    };
    yield { kind: 'rtsp.session.play', atMs, camera: c.id, client: cl, session, profile: 'main' };
  }

  yield {
    kind: 'discovery.probe',
    atMs: t0Ms,
    client: '127.0.0.1:3702',
    answeredBy: cams.map((c) => c.id),
  };
  for (let i = 0; i < o.cameras; i++) {
    const asked: [string, string][] = [
      ['device', 'GetDeviceInformation'],
      ['media', 'GetProfiles'],
      ['media', 'GetStreamUri'],
      ...(i < pulling ? [['events', 'CreatePullPointSubscription'] as [string, string]] : []),
    ];
    for (const [service, operation] of asked)
      yield {
        kind: 'onvif.request',
        atMs: t0Ms,
        camera: cams[i]!.id,
        client: client(i),
        service,
        operation,
        auth: 'digest',
        user,
        httpStatus: 200,
      };
  }
  for (let i = 0; i < o.cameras; i++)
    yield { kind: 'hub.provisioned', atMs: t0Ms, hub: 'hub', camera: cams[i]!.id, profile: 'main' };
  for (let i = 0; i < o.cameras; i++) yield* pull(i, 0);

  for (let sec = 1; sec <= endS; sec++) {
    for (let i = 0; i < o.cameras; i++) {
      const c = cams[i]!;
      const atMs = at(sec, i);
      if (c.downFromS !== undefined) {
        const faultId = `outage-${c.id}-${c.downFromS}`;
        if (sec === c.downFromS + 5)
          yield {
            kind: 'hub.alarm',
            atMs,
            hub: 'hub',
            camera: c.id,
            alarmKind: 'offline',
            alarm: 'CameraDisconnected',
            state: 'raised',
          };
        if (sec === c.downFromS + outageS) {
          c.downFromS = undefined;
          yield { kind: 'fault.cleared', atMs, faultId, fault: 'outage', cameras: [c.id], params: { mode: 'network' } };
          yield* pull(i, sec);
          yield {
            kind: 'hub.alarm',
            atMs,
            hub: 'hub',
            camera: c.id,
            alarmKind: 'offline',
            alarm: 'CameraDisconnected',
            state: 'cleared',
          };
        }
        continue;
      }
      if (c.session === undefined) continue;
      c.frames += fps;
      c.bytes += bytesPerSecond;
      yield {
        kind: 'rtsp.session.stats',
        atMs,
        camera: c.id,
        session: c.session,
        profile: 'main',
        framesSent: c.frames,
        bytesSent: c.bytes,
        framesDropped: 0,
        framesDroppedQueueFull: 0,
        framesSkipped: 0,
      };
      if ((sec + i) % keepAliveEveryS === 0)
        yield {
          kind: 'rtsp.request',
          atMs,
          camera: c.id,
          client: client(i),
          method: 'GET_PARAMETER',
          url: `rtsp://127.0.0.1/${c.id}/main`,
          status: 200,
          user,
          auth: 'digest',
          session: c.session,
        };
      if (i < pulling && (sec + i) % pullEveryS === 0)
        yield {
          kind: 'onvif.request',
          atMs,
          camera: c.id,
          client: client(i),
          service: 'events',
          operation: 'PullMessages',
          auth: 'digest',
          user,
          httpStatus: 200,
        };
      if (sec < endS - 2 * outageS && rand() < outageChance) {
        yield {
          kind: 'fault.applied',
          atMs,
          faultId: `outage-${c.id}-${sec}`,
          fault: 'outage',
          cameras: [c.id],
          params: { mode: 'network' },
        };
        yield {
          kind: 'rtsp.session.close',
          atMs,
          camera: c.id,
          client: client(i),
          session: c.session,
          profile: 'main',
          reason: 'camera-down',
          framesSent: c.frames,
          bytesSent: c.bytes,
          framesDropped: 0,
          framesDroppedQueueFull: 0,
          framesSkipped: 0,
        };
        c.session = undefined;
        c.downFromS = sec;
      }
    }
  }
}
