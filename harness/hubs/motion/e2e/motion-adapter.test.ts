import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import type { Camera } from '../../../../simulators/camera/camera.ts';
import { systemClock } from '../../../../simulators/clock/clock.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import { RtspServer } from '../../../../simulators/rtsp/rtsp-server.ts';
import { type LabRig, inventoryOf, startLabRig } from '../../nms/e2e/lab-camera.ts';
import { MotionAdapter, motionAvailable } from '../motion-adapter.ts';

const available = (await motionAvailable()) && (await ffmpegAvailable());
if (!available) console.warn('skipping Motion e2e: /usr/bin/motion or ffmpeg is missing (apt-get install -y motion)');

let nextHost = 10;

describe.skipIf(!available)('Motion adapter against a real camera', () => {
  let rig: LabRig;
  let log: ObservationLog;
  let server: RtspServer;
  let workDir: string;
  let adapter: MotionAdapter | undefined;
  let camera: Camera;

  beforeEach(async () => {
    rig = await startLabRig(`motion-cam-${nextHost}`, `127.16.2.${nextHost++}`);
    ({ log, server, camera, workDir } = rig);
  });

  afterEach(async () => {
    await adapter?.close();
    adapter = undefined;
    await rig.close();
  });

  it('pulls over TCP, records passthrough movies, raises and clears the offline alarm', async () => {
    const crashes: Error[] = [];
    adapter = new MotionAdapter({ movieMaxTimeS: 2 });
    await adapter.open({
      instance: 'hub',
      log,
      clock: systemClock,
      workDir,
      signal: new AbortController().signal,
      crashed: (e) => crashes.push(e),
    });
    expect((await adapter.identity()).version).toMatch(/^\d+\.\d+/);
    await adapter.provision([inventoryOf(camera)]);

    await expect
      .poll(() => log.ofKind('rtsp.session.play').filter((o) => o.camera === camera.id).length, {
        timeout: 20_000,
        interval: 200,
      })
      .toBeGreaterThanOrEqual(1);
    expect(log.ofKind('rtsp.session.open').every((o) => o.transport === 'tcp' && o.user === 'hub')).toBe(true);
    // A movie ends every movie_max_time; its hook gives the recorded interval.
    await expect
      .poll(() => log.ofKind('hub.recording').length, { timeout: 30_000, interval: 250 })
      .toBeGreaterThanOrEqual(1);
    const recording = log.ofKind('hub.recording')[0]!;
    expect(recording.camera).toBe(camera.id);
    expect(recording.endMs).toBeGreaterThan(recording.startMs);

    // Motion declares a camera lost after 30 s without frames (its MISSING_FRAMES_TIMEOUT).
    camera.powerOff('test outage');
    await expect
      .poll(() => log.ofKind('hub.alarm').map((o) => o.state), { timeout: 50_000, interval: 250 })
      .toEqual(['raised']);
    camera.boot(systemClock, 'test outage over');
    await expect
      .poll(() => log.ofKind('hub.alarm').map((o) => o.state), { timeout: 40_000, interval: 250 })
      .toEqual(['raised', 'cleared']);

    await adapter.release([inventoryOf(camera)]);
    expect(log.ofKind('hub.released').map((o) => o.camera)).toEqual([camera.id]);
    await expect.poll(() => server.stats().sessions, { timeout: 15_000, interval: 100 }).toBe(0);
    expect(crashes).toEqual([]);
  });

  it('says clearly when Motion is not installed', async () => {
    adapter = new MotionAdapter({ motionPath: join(workDir, 'no-motion') });
    await expect(
      adapter.open({ instance: 'hub', log, clock: systemClock, workDir, signal: new AbortController().signal }),
    ).rejects.toThrow(/Motion is not installed at .*apt-get install -y motion/);
  });
});
