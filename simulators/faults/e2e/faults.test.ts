import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { ffmpegAvailable } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { Fleet } from '../../fleet/fleet.ts';
import { fleetSchema } from '../../fleet/fleet-schema.ts';
import type { InventoryCamera } from '../../fleet/inventory.ts';
import { RtspReader } from '../../rtsp/rtsp-reader.ts';
import { FfmpegWatch, ffprobe } from './ffmpeg-watch.ts';
import { waitForObservation } from './wait-for-observation.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping fault e2e: ffmpeg/ffprobe do not run here');

const require = createRequire(import.meta.url);
type Cam = Record<string, (...args: unknown[]) => void>;
const onvif = require('onvif') as { Cam: new (opts: Record<string, unknown>, cb: (err: Error | null) => void) => Cam };

/** The real `onvif` client: connect (GetSystemDateAndTime, capabilities, profiles) with digest auth. */
function onvifConnect(c: InventoryCamera, password: string, timeoutMs = 5_000): Promise<Cam> {
  return new Promise((resolve, reject) => {
    const cam: Cam = new onvif.Cam(
      { hostname: c.address, port: c.onvifPort, username: c.username, password, timeout: timeoutMs },
      (err) => (err ? reject(err) : resolve(cam)),
    );
  });
}
function onvifCall<T>(cam: Cam, method: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) =>
    cam[method]!.call(cam, ...args, (err: Error | null, data: T) => (err ? reject(err) : resolve(data))),
  );
}

const password = 'fault-e2e';

/** ffprobe read the stream: exit 0 and a video stream described. */
async function expectStreams(url: string): Promise<void> {
  const r = await ffprobe(url);
  expect(r.code, r.stderr).toBe(0);
  expect((JSON.parse(r.stdout) as { streams: { codec_name: string }[] }).streams[0]?.codec_name).toBe('h264');
}
const withCreds = (url: string, pw = password) => url.replace('rtsp://', `rtsp://admin:${pw}@`);

describe.skipIf(!available)('faults seen from outside by real clients', () => {
  let fleet: Fleet;
  let cams: InventoryCamera[];

  beforeAll(async () => {
    const base = findBuiltinModel('fixed-1080p')!;
    // The builtin profiles (their clips are cached) on a model that boots in 300 ms, so recovery is quick to watch.
    const def = fleetSchema.parse({
      seed: 5,
      models: [{ ...base, id: 'quick-boot', bootTimeMs: 300 }],
      sites: [
        {
          name: 'lab',
          addressBlock: '127.13.20.0/24',
          bandwidthKbps: 3000,
          cameras: [{ model: 'quick-boot', count: 12 }],
        },
      ],
      users: [{ username: 'admin', password }],
    });
    fleet = await Fleet.start(def, { ports: { rtsp: 0, onvif: 0 }, discovery: false });
    cams = fleet.inventory().cameras;
  });
  afterAll(async () => {
    await fleet?.close();
  });

  const cleared = async (id: string, camera: string) => {
    const since = Date.now();
    await fleet.clearFault(id);
    await waitForObservation(
      fleet.log,
      (o) => o.kind === 'camera.state' && o.camera === camera && o.state === 'up',
      10_000,
      since,
    );
  };

  it('power outage: ffprobe is reset unanswered and the attempt recorded as seen on a powered-off address; after clearing the camera boots and streams', async () => {
    const c = cams[0]!;
    await expectStreams(withCreds(c.rtsp.main));
    const { id } = await fleet.applyFault({ kind: 'outage', target: { camera: c.id }, params: { mode: 'power' } });
    const since = Date.now();
    const down = await ffprobe(withCreds(c.rtsp.main));
    expect(down.code).not.toBe(0);
    expect(
      fleet.log
        .query({ camera: c.id, kinds: ['connection'], sinceMs: since })
        .every((o) => o.kind === 'connection' && o.poweredOff === true),
    ).toBe(true);
    expect(fleet.log.query({ camera: c.id, kinds: ['connection'], sinceMs: since }).length).toBeGreaterThan(0);
    expect(fleet.log.query({ camera: c.id, kinds: ['rtsp.request'], sinceMs: since })).toEqual([]);
    await cleared(id, c.id);
    const up = await ffprobe(withCreds(c.rtsp.main));
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout).streams[0]).toMatchObject({ codec_name: 'h264', width: 1920, height: 1080 });
  });

  it('network outage: a running stream stalls and ffprobe times out; clearing brings frames back', async () => {
    const c = cams[1]!;
    const watch = new FfmpegWatch(withCreds(c.rtsp.sub));
    try {
      await watch.until((w) => w.frames > 10, 20_000, 'first frames');
      const { id } = await fleet.applyFault({ kind: 'outage', target: { camera: c.id }, params: { mode: 'network' } });
      await watch.framesDuring(1_000);
      expect(await watch.framesDuring(1_500)).toBe(0);
      const since = Date.now();
      const probe = await ffprobe(withCreds(c.rtsp.main));
      // The connection was taken and never answered: ffprobe gave up on its 3 s socket timeout.
      expect(probe.code).not.toBe(0);
      expect(fleet.log.query({ camera: c.id, kinds: ['connection'], sinceMs: since })).toHaveLength(1);
      expect(fleet.log.query({ camera: c.id, kinds: ['rtsp.request'], sinceMs: since })).toEqual([]);
      await fleet.clearFault(id);
      const before = watch.frames;
      await watch.until((w) => w.frames > before + 10, 10_000, 'frames after the network returned');
    } finally {
      await watch.close();
    }
  });

  it('stream-freeze: the session stays open with no frames, then resumes', async () => {
    const c = cams[2]!;
    const watch = new FfmpegWatch(withCreds(c.rtsp.sub));
    try {
      await watch.until((w) => w.frames > 10, 20_000, 'first frames');
      const { id } = await fleet.applyFault({
        kind: 'outage',
        target: { camera: c.id },
        params: { mode: 'stream-freeze' },
      });
      await watch.framesDuring(1_000);
      expect(await watch.framesDuring(1_500)).toBe(0);
      expect(fleet.sessions.sessions(c.id).filter((s) => s.playing)).toHaveLength(1);
      expect(watch.exited).toBe(false);
      await fleet.clearFault(id);
      const before = watch.frames;
      await watch.until((w) => w.frames > before + 10, 10_000, 'frames after the freeze');
    } finally {
      await watch.close();
    }
  });

  it('onvif-down: the onvif client is refused while the stream keeps going', async () => {
    const c = cams[3]!;
    await onvifConnect(c, password);
    const { id } = await fleet.applyFault({ kind: 'outage', target: { camera: c.id }, params: { mode: 'onvif-down' } });
    await expect(onvifConnect(c, password)).rejects.toThrow(/ECONNRESET|socket hang up|ECONNREFUSED/);
    await expectStreams(withCreds(c.rtsp.main));
    await fleet.clearFault(id);
    await onvifConnect(c, password);
  });

  it('soap-fault and soap-delay: the onvif client sees the fault and times out', async () => {
    const c = cams[4]!;
    const cam = await onvifConnect(c, password, 1_000);
    const fault = await fleet.applyFault({
      kind: 'soap-fault',
      target: { camera: c.id },
      params: { operations: ['GetStreamUri'] },
    });
    await expect(onvifCall(cam, 'getStreamUri', { protocol: 'RTSP' })).rejects.toThrow(
      /CriticalError|injected SOAP fault|500/,
    );
    await fleet.clearFault(fault.id);
    expect(await onvifCall<{ uri: string }>(cam, 'getStreamUri', { protocol: 'RTSP' })).toMatchObject({
      uri: expect.stringContaining(c.address),
    });
    const delay = await fleet.applyFault({
      kind: 'soap-delay',
      target: { camera: c.id },
      params: { operations: ['GetDeviceInformation'], delay: '3s' },
    });
    await expect(onvifCall(cam, 'getDeviceInformation')).rejects.toThrow(/timeout|ETIMEDOUT|ESOCKETTIMEDOUT|hang up/i);
    await fleet.clearFault(delay.id);
  });

  it('credentials: the old password gets 401 until cleared', async () => {
    const c = cams[5]!;
    const cam = await onvifConnect(c, password);
    const { id } = await fleet.applyFault({
      kind: 'credentials',
      target: { camera: c.id },
      params: { username: 'admin', password: 'rotated-pw' },
    });
    const old = await ffprobe(withCreds(c.rtsp.main));
    expect(old.code).not.toBe(0);
    expect(old.stderr).toMatch(/401|Unauthorized/);
    await expectStreams(withCreds(c.rtsp.main, 'rotated-pw'));
    await expect(onvifCall(cam, 'getDeviceInformation')).rejects.toThrow(/not authori[sz]ed|401/i);
    await fleet.clearFault(id);
    expect(await onvifCall(cam, 'getDeviceInformation')).toMatchObject({ manufacturer: 'Camlab Optics' });
    await expectStreams(withCreds(c.rtsp.main));
  });

  it('reboot: refused while booting, streaming again after the boot time', async () => {
    const c = cams[6]!;
    const since = Date.now();
    await fleet.applyFault({ kind: 'reboot', target: { camera: c.id } });
    const states = fleet.log
      .query({ camera: c.id, kinds: ['camera.state'], sinceMs: since })
      .map((o) => (o as { state: string }).state);
    expect(states).toEqual(['down', 'booting']);
    await waitForObservation(
      fleet.log,
      (o) => o.kind === 'camera.state' && o.camera === c.id && o.state === 'up',
      10_000,
      since,
    );
    await expectStreams(withCreds(c.rtsp.main));
  });

  it('bandwidth: a 1 mbit/s cap holds within 10% over 10 s, measured by a reader', async () => {
    const c = cams[7]!;
    const capKbps = 1000;
    const url = new URL(c.rtsp.main);
    const reader = await RtspReader.connect(url.hostname, Number(url.port), { username: 'admin', password });
    try {
      await reader.play(c.rtsp.main);
      await vi.waitFor(() => expect(reader.stats.frames).toBeGreaterThan(0), { timeout: 10_000 });
      await fleet.applyFault({ kind: 'bandwidth', target: { camera: c.id }, params: { limit: `${capKbps}kbit` } });
      // Past the backlog the 4 mbit/s stream builds at the cap, then a 10 s window.
      await new Promise((r) => setTimeout(r, 3_000));
      const startBytes = reader.stats.bytes;
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 10_000));
      const kbps = ((reader.stats.bytes - startBytes) * 8) / (performance.now() - t0);
      expect(kbps).toBeGreaterThan(capKbps * 0.9);
      expect(kbps).toBeLessThan(capKbps * 1.1);
    } finally {
      reader.close();
    }
  });

  it('latency: frames stop for about the delay, then flow at full rate again', async () => {
    const c = cams[8]!;
    const url = new URL(c.rtsp.sub);
    const reader = await RtspReader.connect(url.hostname, Number(url.port), { username: 'admin', password });
    try {
      await reader.play(c.rtsp.sub);
      await vi.waitFor(() => expect(reader.stats.frames).toBeGreaterThan(25), { timeout: 10_000 });
      await fleet.applyFault({ kind: 'latency', target: { camera: c.id }, params: { delay: '3s' } });
      // Frames already on the wire arrive; after that nothing until the first delayed frame is due.
      await new Promise((r) => setTimeout(r, 500));
      const held = reader.stats.frames;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(reader.stats.frames - held).toBe(0);
      await vi.waitFor(() => expect(reader.stats.frames - held).toBeGreaterThan(25), { timeout: 10_000 });
    } finally {
      reader.close();
    }
  });

  it('loss: over UDP ffmpeg receives about half the frames at 50% loss', async () => {
    const c = cams[9]!;
    const watch = new FfmpegWatch(withCreds(c.rtsp.sub), 'udp');
    try {
      await watch.until((w) => w.frames > 25, 20_000, 'first frames over UDP');
      const clean = await watch.framesDuring(4_000);
      await fleet.applyFault({ kind: 'loss', target: { camera: c.id }, params: { ratio: '50%' } });
      await watch.framesDuring(500);
      const lossy = await watch.framesDuring(4_000);
      expect(clean).toBeGreaterThan(60);
      expect(lossy).toBeLessThan(clean * 0.8);
      expect(lossy).toBeGreaterThan(0);
    } finally {
      await watch.close();
    }
  });

  it('motion: the onvif client pulls a MotionAlarm while the fault is active', async () => {
    const c = cams[10]!;
    const cam = await onvifConnect(c, password, 10_000);
    await onvifCall(cam, 'createPullPointSubscription');
    const pulled = new Promise<string>((resolve, reject) =>
      cam.pullMessages!.call(cam, { messageLimit: 10 }, (err: Error | null, _data: unknown, xml: string) =>
        err ? reject(err) : resolve(xml),
      ),
    );
    const { id } = await fleet.applyFault({ kind: 'motion', target: { camera: c.id } });
    const xml = await pulled;
    expect(xml).toMatch(/VideoSource\/MotionAlarm/);
    expect(xml).toMatch(/Value="true"/);
    await fleet.clearFault(id);
    const alarms = fleet.log
      .query({ camera: c.id, kinds: ['device.event'] })
      .filter((o) => (o as { topic: string }).topic === 'tns1:VideoSource/MotionAlarm');
    expect(alarms.map((o) => (o as { state: boolean }).state)).toEqual([true, false]);
    await onvifCall(cam, 'unsubscribe');
  });
});
