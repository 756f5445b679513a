import { describe, expect, it } from 'vitest';
import type { Observation } from '../../simulators/observations/observation.ts';
import { distributionOf } from './distribution.ts';
import { alarmIntervals, reconnectTimes, sessionIntervals } from './run-intervals.ts';

const open = (atMs: number, camera: string, session: string, user = 'camlab-hub'): Observation => ({
  kind: 'rtsp.session.open',
  atMs,
  camera,
  client: 'c',
  session,
  profile: 'main',
  transport: 'tcp',
  user,
});
const play = (atMs: number, camera: string, session: string): Observation => ({
  kind: 'rtsp.session.play',
  atMs,
  camera,
  client: 'c',
  session,
  profile: 'main',
});
const close = (atMs: number, camera: string, session: string): Observation => ({
  kind: 'rtsp.session.close',
  atMs,
  camera,
  client: 'c',
  session,
  profile: 'main',
  reason: 'camera-down',
  framesSent: 0,
  bytesSent: 0,
  framesDropped: 0,
});
const state = (atMs: number, camera: string, s: 'up' | 'down' | 'booting'): Observation => ({
  kind: 'camera.state',
  atMs,
  camera,
  state: s,
});
const cleared = (atMs: number, cameras: string[]): Observation => ({
  kind: 'fault.cleared',
  atMs,
  faultId: 'f1',
  fault: 'outage',
  cameras,
  params: {},
});

describe('run intervals', () => {
  it('turns session open/close into intervals, leaving open ones without an end', () => {
    const sites = new Map([['a', 'mk']]);
    expect(sessionIntervals([open(10, 'a', 's1'), close(50, 'a', 's1'), open(60, 'a', 's2')], sites)).toEqual([
      { camera: 'a', site: 'mk', client: 'c', user: 'camlab-hub', profile: 'main', startMs: 10, endMs: 50 },
      { camera: 'a', site: 'mk', client: 'c', user: 'camlab-hub', profile: 'main', startMs: 60 },
    ]);
  });

  it('pairs alarm raises with clears per hub, camera and alarm', () => {
    const alarm = (atMs: number, s: 'raised' | 'cleared'): Observation => ({
      kind: 'hub.alarm',
      atMs,
      hub: 'hub',
      camera: 'a',
      alarmKind: 'offline',
      alarm: 'offline',
      state: s,
    });
    expect(alarmIntervals([alarm(5, 'raised'), alarm(9, 'cleared'), alarm(20, 'raised')], new Map())).toEqual([
      { camera: 'a', site: '', hub: 'hub', alarm: 'offline', raisedMs: 5, clearedMs: 9 },
      { camera: 'a', site: '', hub: 'hub', alarm: 'offline', raisedMs: 20 },
    ]);
  });

  it('measures reconnects from the later of fault clear and power-up to the next PLAY', () => {
    const observations = [
      open(0, 'a', 's1'),
      play(1, 'a', 's1'),
      state(100, 'a', 'down'),
      close(100, 'a', 's1'),
      cleared(200, ['a']),
      state(200, 'a', 'booting'),
      state(4_200, 'a', 'up'),
      open(6_000, 'a', 's2'),
      play(6_200, 'a', 's2'),
      // A network fault on b cleared while its session survived: not a reconnect.
      open(0, 'b', 's3'),
      play(5, 'b', 's3'),
      cleared(300, ['b']),
    ];
    expect(reconnectTimes(observations)).toEqual([2_000]);
  });

  it('summarises a distribution with nearest-rank quantiles and at most 200 samples', () => {
    const d = distributionOf(Array.from({ length: 1000 }, (_, i) => 1000 - i))!;
    expect([d.count, d.min, d.p50, d.p90, d.p99, d.max]).toEqual([1000, 1, 500, 900, 990, 1000]);
    expect(d.samples).toHaveLength(200);
    expect(distributionOf([])).toBeUndefined();
  });
});
