import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { builtinCameraModels, cameraModelSchema } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { replayPath } from '../../recording/recorded-track.ts';
import { RtspServer } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import { RtspReader } from '../rtsp-reader.ts';
import { formatClockTime } from '../replay-headers.ts';
import { syntheticLoader } from './synthetic-clip.ts';
import { expectResourcesReleased } from './resources.ts';
import { SpanListLibrary } from './span-list-library.ts';
import { ReplayCapture } from './replay-capture.ts';
import { DeviceRecordings } from '../../recording/device-recordings.ts';
import { recordingTokenOf } from '../../recording/stored-track.ts';
import { siteRecorderModel } from '../../recording/recorder-model.ts';
import { systemClock } from '../../clock/clock.ts';
import { serveProfileG } from '../../onvif/services/profile-g.ts';
import { RecordingCatalog } from '../../recording/recording-catalog.ts';

const model = builtinCameraModels[0]!;
const profile = model.profiles[0]!;
const FRAME_MS = 1000 / profile.fps;
const GOP = profile.gopFrames;
const TOKEN = 'EDGE-cam-r';
let nextHost = 1;

describe('RTSP replay of a recording (ONVIF Streaming "Playback")', () => {
  let log: ObservationLog;
  let streams: StreamLibrary;
  let server: RtspServer;
  let resourcesBefore: string[];
  let cam: Camera;
  /** Start of the first span: 60 s before the test; 20 s recorded, a 10 s gap, then recording on. */
  let t0: number;
  const readers: RtspReader[] = [];

  beforeEach(async () => {
    resourcesBefore = process.getActiveResourcesInfo();
    t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const recordings = new SpanListLibrary([
      {
        recordingToken: TOKEN,
        cameraId: 'cam-r',
        profile,
        spans: [
          { startMs: t0, endMs: t0 + 20_000 },
          { startMs: t0 + 30_000, endMs: Infinity },
        ],
      },
    ]);
    log = new ObservationLog();
    streams = new StreamLibrary({ loadClip: syntheticLoader });
    server = new RtspServer({ log, streams, recordings });
    cam = camera('cam-r');
    await server.addCamera(cam);
  });

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    await server.close();
    streams.close();
    await expectResourcesReleased(resourcesBefore);
  });

  function camera(id: string, cameraModel = model): Camera {
    return new Camera({
      id,
      name: id,
      site: 'lab',
      model: cameraModel,
      network: { address: `127.11.7.${nextHost++}`, rtspPort: 0, onvifPort: 0 },
      users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
    });
  }

  function url(c = cam, token = TOKEN): string {
    return `rtsp://${c.network.address}:${c.network.rtspPort}${replayPath(token)}`;
  }

  async function replay(
    capture: ReplayCapture,
    headers: [string, string][],
    c = cam,
  ): Promise<{ reader: RtspReader; sdp: string; range: string | undefined }> {
    const reader = await RtspReader.connect(c.network.address, c.network.rtspPort, {
      username: 'admin',
      password: 'secret',
      onRtpPacket: capture.onRtpPacket,
    });
    readers.push(reader);
    const { sdp, range } = await reader.play(url(c), [['Require', 'onvif-replay'], ...headers]);
    return { reader, sdp, range };
  }

  it('plays from a clock time: the first frame is a key frame captured then, stamped replayed with its capture time, and crosses the gap with E and D', async () => {
    const capture = new ReplayCapture();
    const asked = t0 + 18_013;
    const { sdp, range } = await replay(capture, [
      ['Range', `clock=${formatClockTime(asked)}-`],
      ['Rate-Control', 'no'],
    ]);
    expect(sdp).toContain('a=x-onvif-track:VIDEO001');
    expect(sdp).toContain(`a=range:clock=${formatClockTime(t0)}-`);
    // The camera's frame grid from the span's start: the first instant at or after the time asked for.
    const first = t0 + Math.ceil(18_013 / FRAME_MS) * FRAME_MS;
    expect(range).toBe(`clock=${formatClockTime(first)}-`);
    const beforeGap = Math.round((t0 + 20_000 - first) / FRAME_MS) - 1;
    await expect.poll(() => capture.units.length, { timeout: 10_000 }).toBeGreaterThan(beforeGap + GOP);
    const u = capture.units;
    expect(u[0]!.stamp).toMatchObject({ cameraId: 'cam-r', sendTimeMs: first, replayed: true });
    expect(Math.abs(u[0]!.stamp.sendTimeMs - asked)).toBeLessThan(FRAME_MS);
    expect(u[0]!.ext).toMatchObject({ cleanPoint: true, discontinuity: false, ntpMs: first });
    // The last frame before the gap ends its section; the first after it is a discontinuity, on a key frame.
    expect(u[beforeGap]!.stamp.sendTimeMs).toBe(t0 + 20_000 - FRAME_MS);
    expect(u[beforeGap]!.ext.endOfSection).toBe(true);
    expect(u[beforeGap + 1]!.stamp.sendTimeMs).toBe(t0 + 30_000);
    expect(u[beforeGap + 1]!.ext).toMatchObject({ discontinuity: true, cleanPoint: true, ntpMs: t0 + 30_000 });
    expect(u.filter((x) => x.ext.discontinuity || x.ext.endOfSection)).toHaveLength(2);
    // Every packet carries the extension, NTP equal to the SEI's capture time, flags the same over the AU.
    expect(capture.packetsWithoutExtension).toBe(0);
    expect(capture.sequenceBreaks).toBe(0);
    expect(u.every((x) => x.flagsAgree && x.ext.ntpMs === x.stamp.sendTimeMs && x.stamp.replayed === true)).toBe(true);
    // Rate-Control: no: RTP time follows the original sampling instants, the gap included.
    expect(((u[beforeGap + 1]!.timestamp - u[0]!.timestamp) >>> 0) / 90).toBeCloseTo(t0 + 30_000 - first, 0);
  });

  it('reaps an idle replay session after the session timeout, like a live one', async () => {
    const quick = new RtspServer({
      log,
      streams,
      recordings: new SpanListLibrary([
        { recordingToken: TOKEN, cameraId: 'cam-r', profile, spans: [{ startMs: t0, endMs: t0 + 1000 }] },
      ]),
      sessionTimeoutMs: 1000,
    });
    try {
      const c = camera('cam-idle');
      await quick.addCamera(c);
      const capture = new ReplayCapture();
      const { reader } = await replay(capture, [['Rate-Control', 'no']], c);
      await expect.poll(() => capture.units.at(-1)?.ext.terminal, { timeout: 10_000 }).toBe(true);
      await expect
        .poll(() => log.ofKind('rtsp.session.close').find((o) => o.camera === 'cam-idle')?.reason, { timeout: 10_000 })
        .toBe('timeout');
      expect(capture.units).toHaveLength(25);
      expect((await reader.request('PLAY', url(c), [['Session', reader.session!]])).status).toBe(454);
    } finally {
      await quick.close();
    }
  });

  it("times replay sessions out after the device's replay configuration (SetReplayConfiguration SessionTimeout)", async () => {
    const device = serveProfileG(cam, {
      catalog: new RecordingCatalog(),
      clock: systemClock,
      events: { publishEvents: () => undefined },
      statePollMs: 0,
    });
    try {
      device.replaySessionTimeoutMs = 7000;
      const reader = await RtspReader.connect(cam.network.address, cam.network.rtspPort, {
        username: 'admin',
        password: 'secret',
      });
      readers.push(reader);
      await reader.play(url(), [['Require', 'onvif-replay']]);
      const live = await RtspReader.connect(cam.network.address, cam.network.rtspPort, {
        username: 'admin',
        password: 'secret',
      });
      readers.push(live);
      await live.play(rtspUrl(cam, 'main'));
      expect(log.ofKind('rtsp.session.open').map((o) => o.timeoutMs)).toEqual([7000, 60_000]);
    } finally {
      device.close();
    }
  });

  it('counts replay sessions against the model session limit (453), like live ones', async () => {
    const capped = camera('cam-cap', cameraModelSchema.parse({ ...model, id: 'capped', maxRtspSessions: 1 }));
    await server.addCamera(capped);
    const live = await RtspReader.connect(capped.network.address, capped.network.rtspPort, {
      username: 'admin',
      password: 'secret',
    });
    readers.push(live);
    await live.play(rtspUrl(capped, 'main'));
    const reader = await RtspReader.connect(capped.network.address, capped.network.rtspPort, {
      username: 'admin',
      password: 'secret',
    });
    readers.push(reader);
    await expect(reader.play(url(capped), [['Require', 'onvif-replay']])).rejects.toThrow(/SETUP .* answered 453/);
    expect(log.ofKind('rtsp.request').filter((o) => o.camera === 'cam-cap' && o.status === 453)).toHaveLength(1);
  });

  it('answers 551 with Unsupported for an unknown Require tag, 404 for an unknown recording, 457 for a range with nothing recorded', async () => {
    const { address, rtspPort } = cam.network;
    const reader = await RtspReader.connect(address, rtspPort, { username: 'admin', password: 'secret' });
    readers.push(reader);
    const unsupported = await reader.request('DESCRIBE', url(), [['Require', 'onvif-replay, com.example.teleport']]);
    expect(unsupported.status).toBe(551);
    expect(unsupported.headers.get('unsupported')).toBe('com.example.teleport');
    expect((await reader.request('DESCRIBE', url(cam, 'NO-SUCH'))).status).toBe(404);
    await expect(
      reader.play(url(), [['Range', `clock=${formatClockTime(t0 + 22_000)}-${formatClockTime(t0 + 25_000)}`]]),
    ).rejects.toThrow(/PLAY .* answered 457/);
  });

  it("replays rec-model's edge storage and a site recorder's library, found on the device (camera.recordings)", async () => {
    const edgeCam = camera('cam-edge');
    const nvr = new Camera({
      id: 'nvr-1',
      name: 'nvr-1',
      site: 'lab',
      role: 'recorder',
      model: siteRecorderModel,
      network: { address: `127.11.7.${nextHost++}`, rtspPort: 0, onvifPort: 0 },
      users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
    });
    const libraries = [
      new DeviceRecordings({
        deviceId: edgeCam.id,
        storage: 'edge',
        device: edgeCam,
        channels: [edgeCam],
        profile: 'main',
        capacityBytes: 1e12,
        clock: systemClock,
      }),
      new DeviceRecordings({
        deviceId: nvr.id,
        storage: 'recorder',
        device: nvr,
        channels: [edgeCam],
        profile: 'main',
        capacityBytes: 1e12,
        clock: systemClock,
      }),
    ];
    try {
      for (const lib of libraries) lib.device.recordings = lib;
      for (const device of [edgeCam, nvr]) {
        await server.addCamera(device);
        // This server's option names the test library for every camera: give these back their own.
        server.setRecordings(device.id, undefined);
      }
      const token = recordingTokenOf(edgeCam.id);
      // Wait until both have kept a few frames' worth.
      const keptMs = (lib: DeviceRecordings): number => {
        const span = lib.track(token)!.spans(0, Date.now())[0];
        return span === undefined ? 0 : span.endMs - span.startMs;
      };
      for (const lib of libraries)
        await expect.poll(() => keptMs(lib), { timeout: 10_000 }).toBeGreaterThanOrEqual(200);
      const startMs = libraries[0]!.track(token)!.spans(0, Date.now())[0]!.startMs;
      for (const device of [edgeCam, nvr]) {
        const capture = new ReplayCapture();
        const reader = await RtspReader.connect(device.network.address, device.network.rtspPort, {
          username: 'admin',
          password: 'secret',
          onRtpPacket: capture.onRtpPacket,
        });
        readers.push(reader);
        // What has been recorded since the libraries started, as fast as it goes: at least the first frame.
        await reader.play(`rtsp://${device.network.address}:${device.network.rtspPort}${replayPath(token)}`, [
          ['Require', 'onvif-replay'],
          ['Rate-Control', 'no'],
        ]);
        await expect.poll(() => capture.units.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
        expect(capture.units[0]!.stamp).toMatchObject({ cameraId: edgeCam.id, replayed: true });
        expect(
          capture.units[0]!.stamp.sendTimeMs -
            libraries[device === nvr ? 1 : 0]!.track(token)!.spans(0, Date.now())[0]!.startMs,
        ).toBe(0);
        expect(Math.abs(capture.units[0]!.stamp.sendTimeMs - startMs)).toBeLessThan(1000);
      }
    } finally {
      for (const lib of libraries) lib.close();
    }
  });
});
