import { describe, expect, it } from 'vitest';
import type { Observation } from '../observations/observation.ts';
import { SessionTracker } from './session-tracker.ts';

const open = (session: string, camera = 'c1'): Observation => ({
  kind: 'rtsp.session.open',
  atMs: 1,
  camera,
  client: '127.0.0.1:5000',
  session,
  profile: 'main',
  transport: 'tcp',
  user: 'hub-a',
});
const stats = (session: string, framesSent: number, framesDropped: number): Observation => ({
  kind: 'rtsp.session.stats',
  atMs: 2,
  camera: 'c1',
  session,
  profile: 'main',
  framesSent,
  bytesSent: framesSent * 100,
  framesDropped,
});
const close = (session: string, framesSent: number): Observation => ({
  kind: 'rtsp.session.close',
  atMs: 3,
  camera: 'c1',
  client: '127.0.0.1:5000',
  session,
  profile: 'main',
  reason: 'teardown',
  framesSent,
  bytesSent: framesSent * 100,
  framesDropped: 0,
});

describe('SessionTracker', () => {
  it('keeps open sessions and turns cumulative counters into totals', () => {
    const t = new SessionTracker();
    for (const o of [
      open('s1'),
      open('s2', 'c2'),
      { kind: 'rtsp.session.play', atMs: 2, camera: 'c1', client: 'x', session: 's1', profile: 'main' } as Observation,
      stats('s1', 25, 1),
      stats('s1', 50, 3),
      close('s1', 60),
    ])
      t.observe(o);
    expect(t.sessions().map((s) => s.session)).toEqual(['s2']);
    expect(t.sessions('c1')).toEqual([]);
    expect(t.framesSentTotal).toBe(60);
    expect(t.framesDroppedTotal).toBe(3);
    expect(t.bytesSentTotal).toBe(6000);
  });

  it('marks a session playing once PLAY is seen', () => {
    const t = new SessionTracker();
    t.observe(open('s1'));
    expect(t.sessions()[0]!.playing).toBe(false);
    t.observe({ kind: 'rtsp.session.play', atMs: 2, camera: 'c1', client: 'x', session: 's1', profile: 'main' });
    expect(t.sessions()[0]).toMatchObject({ playing: true, user: 'hub-a' });
  });
});
