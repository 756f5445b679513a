import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../simulators/clock/virtual-clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { CameraPuller, type PullEvents, type PullSpawner } from './camera-puller.ts';
import { MiniHub } from './mini-hub.ts';
import { miniHubVariants } from './pull-policy.ts';

const noAlarms = { onAlarm: () => undefined };

/** Pulls that exit at once (the camera refused the stream) until `serveFromMs`, then stream pictures. */
function refusingCamera(clock: VirtualClock, serveFromMs: number) {
  const spawns: number[] = [];
  let live: PullEvents | undefined;
  const spawn: PullSpawner = (_url, events) => {
    spawns.push(clock.now());
    if (clock.now() < serveFromMs) queueMicrotask(() => events.exit());
    else live = events;
    return { kill: () => events.exit(), stopReading: () => undefined };
  };
  return { spawns, spawn, picture: () => live?.frame({ stamp: undefined }), drop: () => live?.exit() };
}

describe('reference hubs around refused streams', () => {
  it('well-behaved retries a stream that failed at start until it plays', async () => {
    const clock = new VirtualClock(0);
    const cam = refusingCamera(clock, 4_000);
    const puller = new CameraPuller('rtsp://cam/main', cam.spawn, clock, miniHubVariants['well-behaved'], noAlarms);
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
      clock.advance(500);
    }
    expect(cam.spawns.length).toBeGreaterThanOrEqual(3);
    expect(cam.spawns.at(-1)).toBeGreaterThanOrEqual(4_000);
    expect(puller.running).toBe(true);
    puller.stop();
  });

  it('gives-up-at-start makes one attempt when the stream fails at start, but retries one that had played', async () => {
    const clock = new VirtualClock(0);
    const cam = refusingCamera(clock, 4_000);
    const puller = new CameraPuller(
      'rtsp://cam/main',
      cam.spawn,
      clock,
      miniHubVariants['gives-up-at-start'],
      noAlarms,
    );
    for (let i = 0; i < 40; i++) {
      await Promise.resolve();
      clock.advance(500);
    }
    expect(cam.spawns).toEqual([0]);
    puller.stop();

    const later = refusingCamera(clock, 0);
    const playing = new CameraPuller(
      'rtsp://cam/main',
      later.spawn,
      clock,
      miniHubVariants['gives-up-at-start'],
      noAlarms,
    );
    later.picture();
    later.drop();
    clock.advance(2_000);
    expect(later.spawns).toHaveLength(2);
    playing.stop();
  });

  it('double-pull keeps two pulls of the same stream per camera, and releases both', async () => {
    const clock = new VirtualClock(0);
    const urls: string[] = [];
    let running = 0;
    const spawn: PullSpawner = (url, events) => {
      urls.push(url);
      running++;
      return { kill: () => (running--, events.exit()), stopReading: () => undefined };
    };
    const hub = new MiniHub({
      policy: miniHubVariants['double-pull'],
      clock,
      onAlarm: () => undefined,
      spawn,
      resolveUri: async (c) => c.rtsp.main,
      healthCheck: () => async () => 'ok',
    });
    const camera = {
      id: 'a',
      rtsp: { main: 'rtsp://127.0.0.1/a/main', sub: 'rtsp://127.0.0.1/a/sub' },
      username: 'u',
      password: 'p',
    } as InventoryCamera;
    await hub.add(camera);
    expect(urls).toHaveLength(2);
    expect(new Set(urls).size).toBe(1);
    hub.release('a');
    expect(running).toBe(0);
    await hub.close();
  });
});
