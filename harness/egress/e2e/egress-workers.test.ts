import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { RtspServer } from '../../../simulators/rtsp/rtsp-server.ts';
import { StreamLibrary } from '../../../simulators/rtsp/stream-library.ts';
import { inventoryOf, labCamera } from '../../hubs/nms/e2e/lab-camera.ts';
import { EgressWatcher } from '../egress-watcher.ts';

const available = await ffmpegAvailable();
if (!available)
  console.warn('skipping the egress workers e2e: ffmpeg is not available to make the camera clip (set FFMPEG_PATH)');

const cameras = 24;
const intervalMs = 500;
/** One interval's worth of frames at the lab cameras' 25 fps. */
const oneInterval = Math.ceil((25 * intervalMs) / 1000);

/**
 * camlab's RTSP egress readers in two worker threads, reading 24 camlab cameras directly: each
 * camera's frames counted over the run match what the camera itself says it sent (its session
 * counters), within one interval's worth, and closing ends both workers.
 */
describe.skipIf(!available)('egress readers in worker threads against 24 camlab cameras', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('count each camera frames as the camera counted them sent', async () => {
    const log = new ObservationLog();
    const streams = new StreamLibrary();
    const server = new RtspServer({ log, streams });
    const watcher = new EgressWatcher({
      hub: 'hub',
      log,
      clock: systemClock,
      protocol: 'rtsp',
      intervalMs,
      workers: 2,
    });
    close = async () => {
      await watcher.close();
      await server.close();
      streams.close();
    };
    const ids: string[] = [];
    const all: ReturnType<typeof labCamera>[] = [];
    for (let i = 0; i < cameras; i++) {
      const camera = labCamera(`egress-w${i}`, `127.16.91.${i + 1}`);
      all.push(camera);
      await server.addCamera(camera);
      const url = new URL(inventoryOf(camera).rtsp.main);
      url.username = 'hub';
      url.password = 'hub-secret';
      watcher.watch(camera.id, url.toString());
      ids.push(camera.id);
    }
    expect(watcher.pool!.shares).toEqual([12, 12]);

    const framesOf = (id: string): number =>
      log.ofKind('hub.egress').reduce((n, o) => (o.camera === id ? n + o.frames : n), 0);
    // Every camera read for a while: at least 2 s of frames each.
    await expect
      .poll(() => Math.min(...ids.map(framesOf)), { timeout: 60_000, interval: 200 })
      .toBeGreaterThanOrEqual(50);
    // The cameras stop sending (their sessions close with their final counters), and the readers
    // drain what was in flight: however late a loaded machine runs them, nothing is cut off.
    for (const camera of all) camera.powerOff('end of the egress workers e2e');
    await expect
      .poll(() => log.ofKind('rtsp.session.close').length, { timeout: 20_000, interval: 100 })
      .toBeGreaterThanOrEqual(log.ofKind('rtsp.session.open').length);
    const silent = (id: string): boolean => {
      const last = log
        .ofKind('hub.egress')
        .filter((o) => o.camera === id)
        .slice(-2);
      return last.length === 2 && last.every((o) => o.frames === 0);
    };
    await expect.poll(() => ids.every(silent), { timeout: 20_000, interval: 100 }).toBe(true);
    await watcher.close();
    // Every reader let go, so each worker ended by itself.
    expect([watcher.pool!.live, watcher.pool!.terminated]).toEqual([0, 0]);

    for (const id of ids) {
      const sent = log.ofKind('rtsp.session.close').reduce((n, o) => (o.camera === id ? n + o.framesSent : n), 0);
      const lastStats = log
        .ofKind('rtsp.session.stats')
        .filter((o) => o.camera === id)
        .at(-1);
      const counted = framesOf(id);
      // The camera's own counter: its last stats a second or less before the end, its close at the end.
      expect(lastStats?.framesSent ?? 0, id).toBeLessThanOrEqual(sent);
      // Never more than sent; fewer by the frame each session joined in (measured: exactly one).
      expect(counted, id).toBeLessThanOrEqual(sent);
      expect(sent - counted, `${id}: sent ${sent}, counted ${counted}`).toBeLessThanOrEqual(oneInterval);
    }
    const rows = log.ofKind('hub.egress');
    expect(rows.every((o) => o.foreignFrames === 0 && o.unstampedFrames === 0 && o.latencyMs.length === o.frames)).toBe(
      true,
    );
  }, 120_000);
});
