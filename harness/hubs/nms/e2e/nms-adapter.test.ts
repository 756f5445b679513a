import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import type { Camera } from '../../../../simulators/camera/camera.ts';
import { systemClock } from '../../../../simulators/clock/clock.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import { RtspServer } from '../../../../simulators/rtsp/rtsp-server.ts';
import { OnvifServer } from '../../../../simulators/onvif/onvif-server.ts';
import type { HubContext } from '../../hub-adapter.ts';
import { NmsApi } from '../nms-api.ts';
import { nmsStreamName } from '../nms-config.ts';
import { NmsAdapter } from '../nms-adapter.ts';
import { listRecordings } from '../nms-recordings.ts';
import { type LabRig, inventoryOf, startLabRig } from './lab-camera.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping node-media-server e2e: ffmpeg is not available (set FFMPEG_PATH)');

let nextHost = 10;

describe.skipIf(!available)('node-media-server adapter against a real camera', () => {
  let rig: LabRig;
  let log: ObservationLog;
  let server: RtspServer;
  let workDir: string;
  let adapter: NmsAdapter | undefined;
  let camera: Camera;
  const abort = new AbortController();

  beforeEach(async () => {
    rig = await startLabRig(`nms-cam-${nextHost}`, `127.16.1.${nextHost++}`);
    ({ log, server, camera, workDir } = rig);
  });

  afterEach(async () => {
    await adapter?.close();
    adapter = undefined;
    await rig.close();
  });

  function context(crashes: Error[] = []): HubContext {
    return { instance: 'hub', log, clock: systemClock, workDir, signal: abort.signal, crashed: (e) => crashes.push(e) };
  }

  it('relays the camera, restreams its SEI-stamped frames, alarms on an outage, recovers and records', async () => {
    const crashes: Error[] = [];
    adapter = new NmsAdapter();
    await adapter.open(context(crashes));
    expect((await adapter.identity()).version).toBe('2.7.4');
    await adapter.provision([inventoryOf(camera)]);
    expect(log.ofKind('hub.provisioned').map((o) => o.camera)).toEqual([camera.id]);

    // Egress: frames come back out of NMS carrying this camera's stamps, with a latency.
    await expect
      .poll(() => log.ofKind('hub.egress').filter((o) => o.latencyMs.length > 0).length, {
        timeout: 20_000,
        interval: 200,
      })
      .toBeGreaterThanOrEqual(2);
    const egress = log.ofKind('hub.egress');
    expect(egress.every((o) => o.camera === camera.id && o.foreignFrames === 0)).toBe(true);
    expect(Math.max(...egress.flatMap((o) => o.latencyMs))).toBeLessThan(10_000);
    // The camera saw the hub pull over TCP with the hub's user.
    expect(log.ofKind('rtsp.session.open').some((o) => o.user === 'hub' && o.transport === 'tcp')).toBe(true);

    // NMS's recorder (an ffmpeg reading the stream back) writes once it has probed the input.
    const recordingDir = join(mediaRoot(log), 'live', nmsStreamName(camera.id));
    await expect
      .poll(async () => (await listRecordings(recordingDir)).length, { timeout: 20_000, interval: 250 })
      .toBe(1);

    // A power outage ends the relay: NMS's donePublish is the hub losing the camera.
    camera.powerOff('test outage');
    await expect
      .poll(() => log.ofKind('hub.alarm').map((o) => o.state), { timeout: 15_000, interval: 100 })
      .toEqual(['raised']);
    // Back up: NMS's static relay cycle pulls again and the alarm clears.
    camera.boot(systemClock, 'test outage over');
    await expect
      .poll(() => log.ofKind('hub.alarm').map((o) => o.state), { timeout: 20_000, interval: 100 })
      .toEqual(['raised', 'cleared']);

    await adapter.collect();
    const recordings = log.ofKind('hub.recording');
    expect(recordings.length).toBeGreaterThanOrEqual(1);
    expect(recordings.every((r) => r.camera === camera.id && r.endMs >= r.startMs)).toBe(true);

    await adapter.release([inventoryOf(camera)]);
    expect(log.ofKind('hub.released').map((o) => o.camera)).toEqual([camera.id]);
    // Released: NMS lets go, the camera sees no session of the hub left.
    await expect.poll(() => server.stats().sessions, { timeout: 15_000, interval: 100 }).toBe(0);
    expect(crashes).toEqual([]);
  });

  it('a relay provisioned through POST /api/relay/pull is gone for good after an outage', async () => {
    adapter = new NmsAdapter({ relay: 'api-pull', record: false, egress: false, apiUser: 'ops', apiPassword: 'pw' });
    await adapter.open(context());
    await adapter.provision([inventoryOf(camera)]);
    const api = new NmsApi(apiBase(log), 'ops', 'pw');
    await expect
      .poll(
        async () =>
          (await api.streams())[nmsStreamName(camera.id)]?.publisher !== null &&
          (await api.streams())[nmsStreamName(camera.id)] !== undefined,
        { timeout: 15_000, interval: 200 },
      )
      .toBe(true);
    expect(await api.relaysOf(nmsStreamName(camera.id))).toHaveLength(1);

    camera.powerOff('test outage');
    await expect
      .poll(() => log.ofKind('hub.alarm').map((o) => o.state), { timeout: 15_000, interval: 100 })
      .toEqual(['raised']);
    // NMS removed the ended relay and keeps nothing that could reconnect.
    expect(await api.relaysOf(nmsStreamName(camera.id))).toEqual([]);
  });

  it('can take the stream URI the ONVIF way, with GetStreamUri over digest auth', async () => {
    const onvif = new OnvifServer({ log, snapshot: async () => Buffer.alloc(0) });
    try {
      await onvif.addCamera(camera);
      // Its restream read in a worker thread, as `egressWorkers` asks.
      adapter = new NmsAdapter({ streamUri: 'onvif', record: false, egressWorkers: 1 });
      await adapter.open(context());
      await adapter.provision([inventoryOf(camera)]);
      const asked = log.ofKind('onvif.request').filter((o) => o.operation === 'GetStreamUri');
      expect(asked.length).toBeGreaterThanOrEqual(1);
      expect(
        asked.every((o) => o.user === 'hub' && o.httpStatus === 200 && o.auth !== 'text' && o.auth !== 'none'),
      ).toBe(true);
      await expect
        .poll(() => log.ofKind('hub.egress').filter((o) => o.camera === camera.id && o.frames > 0).length, {
          timeout: 20_000,
          interval: 200,
        })
        .toBeGreaterThanOrEqual(1);
    } finally {
      await adapter?.close();
      await onvif.close();
    }
  });

  it('rejects API calls without its credentials', async () => {
    adapter = new NmsAdapter({ record: false, egress: false });
    await adapter.open(context());
    await expect(new NmsApi(apiBase(log), 'camlab', 'wrong').serverInfo()).rejects.toMatchObject({ status: 401 });
  });

  it('stops node-media-server and its ffmpeg relays by process group on close', async () => {
    adapter = new NmsAdapter({ record: false });
    await adapter.open(context());
    await adapter.provision([inventoryOf(camera)]);
    await expect.poll(() => server.stats().sessions, { timeout: 15_000, interval: 100 }).toBe(1);
    const started = log.ofKind('hub.log').find((o) => o.message.startsWith('node-media-server 2.7.4 started'));
    expect(started).toBeDefined();
    await adapter.close();
    await adapter.close();
    // The relay's RTSP session ends with the hub.
    await expect.poll(() => server.stats().sessions, { timeout: 10_000, interval: 100 }).toBe(0);
    await expect(adapter.provision([inventoryOf(camera)])).rejects.toThrow(/after close/);
  });
});

/** The media folder the adapter logged when it started. */
function mediaRoot(log: ObservationLog): string {
  const line = log.ofKind('hub.log').find((o) => o.message.includes(', media '))?.message ?? '';
  return line.slice(line.indexOf(', media ') + ', media '.length);
}

/** The API base the adapter logged when it started. */
function apiBase(log: ObservationLog): string {
  const line = log.ofKind('hub.log').find((o) => o.message.includes('http http://'))?.message ?? '';
  const m = /http (http:\/\/[\d.]+:\d+)/.exec(line);
  if (m === null) throw new Error(`no API address in the hub log: ${line}`);
  return m[1]!;
}
