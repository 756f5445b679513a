import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { builtinCameraModels } from '../../camera/camera-model.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { replayPath } from '../../recording/recorded-track.ts';
import { RtspServer } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import { RtspReader } from '../rtsp-reader.ts';
import { formatClockTime } from '../replay-headers.ts';
import { syntheticClip } from './synthetic-clip.ts';
import { expectResourcesReleased } from './resources.ts';
import { SpanListLibrary } from './span-list-library.ts';
import { ReplayCapture } from './replay-capture.ts';

/**
 * The video cases of ONVIF's Replay Control Device Test Specification (REPLAY-3-1-x), step by
 * step against one device's replay URL: what the ONVIF client sends and checks, over RTSP/TCP
 * and RTP/UDP. Judged on what arrives (capture instants, flags, CSeq bytes, sequence numbers),
 * never on how long anything took.
 */
const model = builtinCameraModels[0]!;
const profile = model.profiles[0]!;
const FRAME_MS = 1000 / profile.fps;
const GOP = profile.gopFrames;
const TOKEN = 'REC-T1';

describe('ONVIF Replay Control device test specification: video replay (REPLAY-3-1-x)', () => {
  let log: ObservationLog;
  let streams: StreamLibrary;
  let server: RtspServer;
  let resourcesBefore: string[];
  let cam: Camera;
  /** T1 = EarliestRecording; 20 s recorded up to T2 = LatestRecording (10 s ago). */
  let t1: number;
  let t2: number;
  const readers: RtspReader[] = [];
  const sockets: dgram.Socket[] = [];

  beforeEach(async () => {
    resourcesBefore = process.getActiveResourcesInfo();
    t1 = Math.floor(Date.now() / 1000) * 1000 - 30_000;
    t2 = t1 + 20_000;
    log = new ObservationLog();
    // Small frames (one 300-byte packet): a reverse GOP sent at once over UDP then fits a default socket buffer.
    streams = new StreamLibrary({ loadClip: (spec) => Promise.resolve(syntheticClip(spec, 300, 1)) });
    server = new RtspServer({
      log,
      streams,
      recordings: new SpanListLibrary([
        { recordingToken: TOKEN, cameraId: 'cam-t', profile, spans: [{ startMs: t1, endMs: t2 }] },
      ]),
    });
    cam = new Camera({
      id: 'cam-t',
      name: 'cam-t',
      site: 'lab',
      model,
      network: { address: '127.11.9.1', rtspPort: 0, onvifPort: 0 },
      users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
    });
    await server.addCamera(cam);
  });

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    for (const s of sockets.splice(0)) s.close();
    await server.close();
    streams.close();
    await expectResourcesReleased(resourcesBefore);
  });

  const url = (): string => `rtsp://${cam.network.address}:${cam.network.rtspPort}${replayPath(TOKEN)}`;
  const clock = (ms: number): string => formatClockTime(ms);
  const REQUIRE: [string, string] = ['Require', 'onvif-replay'];

  async function reader(capture?: ReplayCapture): Promise<RtspReader> {
    const r = await RtspReader.connect(cam.network.address, cam.network.rtspPort, {
      username: 'admin',
      password: 'secret',
      ...(capture === undefined ? {} : { onRtpPacket: capture.onRtpPacket }),
    });
    readers.push(r);
    return r;
  }

  async function playTcp(capture: ReplayCapture, headers: [string, string][]): Promise<RtspReader> {
    const r = await reader(capture);
    await r.play(url(), [REQUIRE, ...headers]);
    return r;
  }

  /** DESCRIBE, SETUP with RTP/UDP, PLAY: packets arrive on a socket of this test's own. */
  async function playUdp(capture: ReplayCapture, headers: [string, string][]): Promise<RtspReader> {
    const socket = dgram.createSocket('udp4');
    sockets.push(socket);
    socket.on('message', (packet) => capture.onRtpPacket(packet));
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    socket.setRecvBufferSize(4 * 1024 * 1024);
    const port = socket.address().port;
    const r = await reader();
    expect((await r.request('DESCRIBE', url(), [['Accept', 'application/sdp'], REQUIRE])).status).toBe(200);
    const setup = await r.request('SETUP', `${url()}/trackID=0`, [
      ['Transport', `RTP/AVP;unicast;client_port=${port}-${port + 1}`],
      REQUIRE,
    ]);
    expect(setup.status).toBe(200);
    expect(setup.headers.get('transport')).toMatch(
      new RegExp(`^RTP/AVP;unicast;client_port=${port}-${port + 1};server_port=\\d+-\\d+`),
    );
    r.session = setup.headers.get('session')!.split(';')[0];
    expect((await r.request('PLAY', url(), [['Session', r.session!], REQUIRE, ...headers])).status).toBe(200);
    return r;
  }

  async function request(
    r: RtspReader,
    method: string,
    headers: [string, string][],
  ): Promise<{ status: number; cseq: number; headers: Map<string, string> }> {
    const res = await r.request(method, url(), [['Session', r.session!], ...headers]);
    return {
      status: res.status,
      cseq: Number(res.headers.get('cseq')) & 0xff,
      headers: res.headers as Map<string, string>,
    };
  }

  it('REPLAY-3-1-1 media control: OPTIONS, DESCRIBE with the track reference, SETUP and PLAY with Require: onvif-replay, the header extension, TEARDOWN', async () => {
    const capture = new ReplayCapture();
    const r = await reader(capture);
    const options = await r.request('OPTIONS', url());
    expect(options.headers.get('public')).toMatch(/DESCRIBE.*SETUP.*PLAY.*PAUSE.*TEARDOWN/);
    const describe = await r.request('DESCRIBE', url(), [['Accept', 'application/sdp'], REQUIRE]);
    expect(describe.status).toBe(200);
    const sdp = describe.body.toString();
    expect(sdp).toMatch(/^c=IN IP4 127\.11\.9\.1\r$/m);
    expect(sdp).toMatch(/^a=x-onvif-track:VIDEO001\r$/m);
    const setup = await r.request('SETUP', `${url()}/trackID=0`, [
      ['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1'],
      REQUIRE,
    ]);
    expect(setup.status).toBe(200);
    expect(setup.headers.get('transport')).toMatch(/^RTP\/AVP\/TCP;unicast;interleaved=0-1/);
    expect(setup.headers.get('session')).toMatch(/^[0-9A-F]{16};timeout=60$/);
    r.session = setup.headers.get('session')!.split(';')[0];
    const play = await request(r, 'PLAY', [REQUIRE, ['Range', `clock=${clock(t1)}-`]]);
    expect(play.status).toBe(200);
    expect(play.headers.get('rtp-info')).toMatch(new RegExp(`^url=${url()}/trackID=0;seq=\\d+;rtptime=\\d+$`));
    expect(play.headers.get('session')).toMatch(/;timeout=60$/);
    await expect.poll(() => capture.units.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    const u = capture.units[0]!;
    expect(u.stamp.sendTimeMs).toBe(t1);
    expect(u.ext).toMatchObject({ ntpMs: t1, cleanPoint: true, cseq: play.cseq });
    expect(capture.packetsWithoutExtension).toBe(0);
    const rtpInfo = /seq=(\d+);rtptime=(\d+)/.exec(play.headers.get('rtp-info')!)!;
    expect([u.firstSeq, u.timestamp]).toEqual([Number(rtpInfo[1]), Number(rtpInfo[2])]);
    expect((await request(r, 'TEARDOWN', [])).status).toBe(200);
    expect(log.ofKind('rtsp.session.close').map((o) => o.reason)).toEqual(['teardown']);
  });

  it('REPLAY-3-1-2 over RTP/UDP: the recording from T1 (Scale 4), every packet with the extension, sequence numbers in order', async () => {
    const capture = new ReplayCapture();
    const r = await playUdp(capture, [
      ['Range', `clock=${clock(t1)}-`],
      ['Scale', '4.0'],
    ]);
    await expect.poll(() => capture.units.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2 * GOP);
    expect(capture.captures(t1).slice(0, 2 * GOP)).toEqual(Array.from({ length: 2 * GOP }, (_, i) => i * FRAME_MS));
    expect(capture.packetsWithoutExtension).toBe(0);
    expect(capture.sequenceBreaks).toBe(0);
    expect(capture.units.every((x) => x.flagsAgree && x.stamp.replayed === true)).toBe(true);
    expect((await request(r, 'TEARDOWN', [])).status).toBe(200);
  });

  it('REPLAY-3-1-4 over RTP/RTSP/TCP: the recording from T1 to its end, T on the last frame', async () => {
    const capture = new ReplayCapture();
    await playTcp(capture, [
      ['Range', `clock=${clock(t1)}-`],
      ['Rate-Control', 'no'],
    ]);
    const frames = Math.round(20_000 / FRAME_MS);
    await expect.poll(() => capture.units.length, { timeout: 20_000 }).toBe(frames);
    expect(capture.units.at(-1)!).toMatchObject({
      stamp: { sendTimeMs: t2 - FRAME_MS },
      ext: { terminal: true, endOfSection: true },
    });
    expect(capture.units.filter((x) => x.ext.terminal)).toHaveLength(1);
    expect(capture.sequenceBreaks).toBe(0);
  });

  for (const [id, transport] of [
    ['REPLAY-3-1-5', 'udp'],
    ['REPLAY-3-1-7', 'tcp'],
  ] as const) {
    it(`${id} reverse playback over ${transport === 'udp' ? 'RTP/UDP' : 'RTP/RTSP/TCP'} from T2 (Scale -8, rate-controlled): GOPs in reverse order, packets within a GOP forward, timestamps to render by`, async () => {
      const capture = new ReplayCapture();
      const headers: [string, string][] = [
        ['Range', `clock=${clock(t2)}-`],
        ['Scale', '-8.0'],
      ];
      if (transport === 'udp') await playUdp(capture, headers);
      else await playTcp(capture, headers);
      await expect.poll(() => capture.units.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3 * GOP);
      for (let g = 0; g < 3; g++) {
        const gop = capture.units.slice(g * GOP, (g + 1) * GOP);
        const start = t2 - (g + 1) * GOP * FRAME_MS;
        expect(gop.map((x) => x.stamp.sendTimeMs)).toEqual(Array.from({ length: GOP }, (_, i) => start + i * FRAME_MS));
        expect(gop[0]!.ext).toMatchObject({ cleanPoint: true, discontinuity: true });
        // Rendered latest first at 8x: within a GOP, RTP time falls by a frame over 8 per frame sent.
        expect(((gop[0]!.timestamp - gop[1]!.timestamp) >>> 0) / 90).toBeCloseTo(FRAME_MS / 8, 1);
      }
      // Each GOP is rendered after the whole of the one before: its top frame a GOP's time later.
      expect(((capture.units[2 * GOP - 1]!.timestamp - capture.units[GOP - 1]!.timestamp) >>> 0) / 90).toBeCloseTo(
        (GOP * FRAME_MS) / 8,
        1,
      );
      expect(capture.sequenceBreaks).toBe(0);
    });
  }

  it('REPLAY-3-1-10 PLAY with a closed Range T1 to T1 + delta: nothing captured at or after T1 + delta', async () => {
    const capture = new ReplayCapture();
    await playTcp(capture, [
      ['Range', `clock=${clock(t1)}-${clock(t1 + 2000)}`],
      ['Scale', '4.0'],
    ]);
    await expect.poll(() => capture.units.at(-1)?.ext.terminal, { timeout: 10_000 }).toBe(true);
    expect(capture.captures(t1)).toEqual(Array.from({ length: 2000 / FRAME_MS }, (_, i) => i * FRAME_MS));
  });

  it('REPLAY-3-1-11 I-frames only (Frames: intra): every frame a clean point, one per GOP', async () => {
    const capture = new ReplayCapture();
    await playTcp(capture, [
      ['Range', `clock=${clock(t1)}-`],
      ['Frames', 'intra'],
      ['Rate-Control', 'no'],
    ]);
    await expect.poll(() => capture.units.at(-1)?.ext.terminal, { timeout: 10_000 }).toBe(true);
    expect(capture.units.every((x) => x.ext.cleanPoint)).toBe(true);
    expect(capture.captures(t1)).toEqual(
      Array.from({ length: 20_000 / (GOP * FRAME_MS) }, (_, i) => i * GOP * FRAME_MS),
    );
  });

  it('REPLAY-3-1-12 Rate-Control: with it, RTP time is render time (media over Scale); without it, the original sampling instants', async () => {
    for (const [rateControl, scale, ratio] of [
      ['yes', '2.0', 2],
      ['no', '2.0', 1],
    ] as const) {
      const capture = new ReplayCapture();
      await playTcp(capture, [
        ['Range', `clock=${clock(t1)}-${clock(t1 + 1000)}`],
        ['Rate-Control', rateControl],
        ['Scale', scale],
      ]);
      await expect.poll(() => capture.units.at(-1)?.ext.terminal, { timeout: 10_000 }).toBe(true);
      const u = capture.units;
      const rtpMs = ((u.at(-1)!.timestamp - u[0]!.timestamp) >>> 0) / 90;
      expect(rtpMs).toBeCloseTo((u.at(-1)!.stamp.sendTimeMs - u[0]!.stamp.sendTimeMs) / ratio, 1);
    }
  });

  it('REPLAY-3-1-13 Immediate: yes cancels the first PLAY and plays at once from T1 + delta, the first packet with D', async () => {
    const capture = new ReplayCapture();
    const r = await playTcp(capture, [['Range', `clock=${clock(t1)}-`]]);
    await expect.poll(() => capture.units.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const jump = await request(r, 'PLAY', [REQUIRE, ['Range', `clock=${clock(t1 + 10_000)}-`], ['Immediate', 'yes']]);
    expect(jump.status).toBe(200);
    await expect.poll(() => capture.units.some((x) => x.ext.cseq === jump.cseq), { timeout: 10_000 }).toBe(true);
    const first = capture.units.findIndex((x) => x.ext.cseq === jump.cseq);
    expect(capture.units[first]!).toMatchObject({
      stamp: { sendTimeMs: t1 + 10_000 },
      ext: { discontinuity: true, cleanPoint: true },
    });
    // Cancelled: nothing of the first PLAY comes after the new one started.
    expect(capture.units.slice(first).every((x) => x.ext.cseq === jump.cseq)).toBe(true);
  });

  it('REPLAY-3-1-15 PAUSE without Range: no RTP after the answer; PLAY without Range resumes from the pause point', async () => {
    const capture = new ReplayCapture();
    const r = await playTcp(capture, [['Range', `clock=${clock(t1)}-`]]);
    await expect.poll(() => capture.units.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const pause = await request(r, 'PAUSE', []);
    expect(pause.status).toBe(200);
    const atPause = capture.units.length;
    const resume = await request(r, 'PLAY', [REQUIRE]);
    expect(resume.status).toBe(200);
    await expect.poll(() => capture.units.some((x) => x.ext.cseq === resume.cseq), { timeout: 10_000 }).toBe(true);
    // TCP keeps order: every frame of the first PLAY came before the PAUSE answer.
    expect(capture.units.slice(atPause).every((x) => x.ext.cseq === resume.cseq)).toBe(true);
    expect(capture.captures(t1)).toEqual(Array.from({ length: capture.units.length }, (_, i) => i * FRAME_MS));
  });

  it('REPLAY-3-1-16 PAUSE with Range clock=T1 + delta: the play stops at T1 + delta and resumes from there', async () => {
    const capture = new ReplayCapture();
    const r = await playTcp(capture, [['Range', `clock=${clock(t1)}-`]]);
    const pause = await request(r, 'PAUSE', [['Range', `clock=${clock(t1 + 1000)}`]]);
    expect(pause.status).toBe(200);
    await expect.poll(() => capture.units.at(-1)?.stamp.sendTimeMs, { timeout: 10_000 }).toBe(t1 + 1000 - FRAME_MS);
    const resume = await request(r, 'PLAY', [REQUIRE]);
    await expect.poll(() => capture.units.some((x) => x.ext.cseq === resume.cseq), { timeout: 10_000 }).toBe(true);
    const resumed = capture.units.find((x) => x.ext.cseq === resume.cseq)!;
    expect(resumed.stamp.sendTimeMs).toBe(t1 + 1000);
    expect(capture.units.filter((x) => x.ext.cseq !== resume.cseq).every((x) => x.stamp.sendTimeMs < t1 + 1000)).toBe(
      true,
    );
  });

  it('REPLAY-3-1-17 seek (Rate-Control: no, Immediate: yes) to MiddleT1, MiddleT1 - delta and MiddleT1 + delta', async () => {
    const capture = new ReplayCapture();
    const r = await playTcp(capture, [
      ['Range', `clock=${clock(t1)}-`],
      ['Rate-Control', 'no'],
    ]);
    const middle = t1 + 10_000;
    for (const target of [middle, middle - 2000, middle + 2000]) {
      const seek = await request(r, 'PLAY', [
        REQUIRE,
        ['Range', `clock=${clock(target)}-`],
        ['Rate-Control', 'no'],
        ['Immediate', 'yes'],
      ]);
      expect(seek.status).toBe(200);
      await expect.poll(() => capture.units.some((x) => x.ext.cseq === seek.cseq), { timeout: 10_000 }).toBe(true);
      expect(capture.units.find((x) => x.ext.cseq === seek.cseq)!).toMatchObject({
        stamp: { sendTimeMs: target },
        ext: { discontinuity: true, cleanPoint: true },
      });
    }
  });
});
