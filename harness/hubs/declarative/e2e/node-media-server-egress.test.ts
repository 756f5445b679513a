import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import { systemClock } from '../../../../simulators/clock/clock.ts';
import type { HubAdapter } from '../../hub-adapter.ts';
import { type LabRig, inventoryOf, startLabRig } from '../../nms/e2e/lab-camera.ts';
import { loadDeclarativeAdapter } from '../load-declarative-adapter.ts';
import { freePort } from '../../process/free-port.ts';
import { nmsInstalled } from '../../nms/nms-installed.ts';

const available = nmsInstalled() && (await ffmpegAvailable());
if (!available) console.warn('skipping the HTTP-FLV egress e2e: needs the node-media-server package and ffmpeg');

/**
 * The example adapter file's egress section end to end: node-media-server relays a camlab
 * camera, camlab's HTTP-FLV reader reads NMS's restream of it, and each interval becomes one
 * hub.egress observation with the camera's own stamped frames and their latency.
 */
describe.skipIf(!available)('HTTP-FLV egress through the node-media-server example adapter', () => {
  let rig: LabRig;
  let adapter: HubAdapter | undefined;

  beforeEach(async () => {
    rig = await startLabRig('egress-flv', '127.16.90.12');
  });
  afterEach(async () => {
    await adapter?.close();
    adapter = undefined;
    await rig.close();
  });

  it('reads the relayed camera back out of NMS, frame by frame, until the camera is released', async () => {
    const { log, camera, workDir } = rig;
    const [httpPort, rtmpPort] = [await freePort(), await freePort()];
    adapter = (
      await loadDeclarativeAdapter('scenarios/adapters/node-media-server.yaml', { vars: { httpPort, rtmpPort } })
    )();
    expect(adapter.capabilities.has('egress')).toBe(true);
    await adapter.open({ instance: 'hub', log, clock: systemClock, workDir, signal: new AbortController().signal });
    await adapter.provision!([inventoryOf(camera)]);

    const own = () => log.ofKind('hub.egress').filter((o) => o.camera === camera.id);
    await expect
      .poll(() => own().filter((o) => o.frames > 0).length, { timeout: 30_000, interval: 200 })
      .toBeGreaterThanOrEqual(3);
    expect(
      own().every(
        (o) => o.hub === 'hub' && o.foreignFrames === 0 && o.unstampedFrames === 0 && o.latencyMs.length === o.frames,
      ),
    ).toBe(true);
    // Intervals before NMS had the stream are there, with zero frames.
    expect(own()[0]!.frames).toBe(0);

    await adapter.release!([inventoryOf(camera)]);
    const afterRelease = own().length;
    // Released: its restream is no longer read, so no more intervals for it.
    await expect.poll(() => log.ofKind('hub.egress').length, { timeout: 5_000, interval: 200 }).toBe(afterRelease);
    expect(own().length).toBe(afterRelease);
  });
});
