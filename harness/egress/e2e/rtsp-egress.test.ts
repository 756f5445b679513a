import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { type LabRig, inventoryOf, startLabRig } from '../../hubs/nms/e2e/lab-camera.ts';
import { EgressWatcher } from '../egress-watcher.ts';

const available = await ffmpegAvailable();
if (!available)
  console.warn(
    'skipping the RTSP egress reader e2e: ffmpeg is not available to make the camera clip (set FFMPEG_PATH)',
  );

/**
 * camlab's RTSP egress reader against a camlab camera read directly (a hub's RTSP restream is
 * the same protocol): Digest login from the URL, whole SEI-stamped frames, a reader under another
 * camera's name sees only foreign frames, an outage gives zero-frame intervals, and closing
 * tears the session down.
 */
describe.skipIf(!available)('RTSP egress reader against a camlab camera', () => {
  let rig: LabRig;
  let watcher: EgressWatcher | undefined;

  beforeEach(async () => {
    rig = await startLabRig('egress-rtsp', '127.16.90.10');
  });
  afterEach(async () => {
    watcher?.close();
    await rig.close();
  });

  it('counts stamped frames per interval, names foreign frames, records zero-frame intervals and tears down', async () => {
    const { log, camera } = rig;
    const url = new URL(inventoryOf(camera).rtsp.main);
    url.username = 'hub';
    url.password = 'hub-secret';
    watcher = new EgressWatcher({ hub: 'hub', log, clock: systemClock, protocol: 'rtsp', intervalMs: 500 });
    watcher.watch(camera.id, url.toString());
    watcher.watch('impostor', url.toString());

    const egressOf = (id: string) => log.ofKind('hub.egress').filter((o) => o.camera === id);
    await expect
      .poll(() => egressOf(camera.id).filter((o) => o.frames > 0).length, { timeout: 20_000, interval: 100 })
      .toBeGreaterThanOrEqual(3);
    const own = egressOf(camera.id);
    expect(own.every((o) => o.foreignFrames === 0 && o.unstampedFrames === 0 && o.latencyMs.length === o.frames)).toBe(
      true,
    );
    expect(Math.min(...own.flatMap((o) => o.latencyMs))).toBeGreaterThanOrEqual(0);
    // The same stream read as another camera's: every frame is foreign, none counted as its own.
    await expect
      .poll(() => egressOf('impostor').reduce((n, o) => n + o.foreignFrames, 0), { timeout: 10_000, interval: 100 })
      .toBeGreaterThan(0);
    expect(egressOf('impostor').every((o) => o.frames === 0)).toBe(true);
    // The camera logged the reader in with Digest over TCP.
    expect(log.ofKind('rtsp.session.open').some((o) => o.user === 'hub' && o.transport === 'tcp')).toBe(true);

    // Power off: the readers fail and retry; every interval from then on has zero frames.
    camera.powerOff('egress test outage');
    const cutAt = log.ofKind('hub.egress').length;
    await expect
      .poll(
        () =>
          log
            .ofKind('hub.egress')
            .slice(cutAt)
            .filter((o) => o.camera === camera.id).length,
        { timeout: 10_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(4);
    const during = log
      .ofKind('hub.egress')
      .slice(cutAt + 2)
      .filter((o) => o.camera === camera.id);
    expect(during.every((o) => o.frames === 0)).toBe(true);
    expect(log.ofKind('hub.log').some((o) => o.level === 'warn' && o.message.includes(`egress of ${camera.id}`))).toBe(
      true,
    );

    // Back up: frames return on the next read.
    camera.boot(systemClock, 'egress test outage over');
    const backAt = log.ofKind('hub.egress').length;
    await expect
      .poll(
        () =>
          log
            .ofKind('hub.egress')
            .slice(backAt)
            .some((o) => o.camera === camera.id && o.frames > 0),
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);

    // Closing sends TEARDOWN: the camera sees the readers' sessions end.
    const opened = log.ofKind('rtsp.session.open').length;
    watcher.close();
    await expect
      .poll(() => log.ofKind('rtsp.session.close').length, { timeout: 10_000, interval: 100 })
      .toBeGreaterThanOrEqual(opened);
    expect(log.ofKind('rtsp.request').some((o) => o.method === 'TEARDOWN')).toBe(true);
  });
});
