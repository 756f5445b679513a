import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { cameraModelSchema, findBuiltinModel } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import type { ClipSpec, PacketizedClip } from '../../../media/clip/packetized-clip.ts';
import { RtspReader } from '../../rtsp/rtsp-reader.ts';
import { RtspServer } from '../../rtsp/rtsp-server.ts';
import { StreamLibrary } from '../../rtsp/stream-library.ts';
import { expectResourcesReleased } from '../../rtsp/e2e/resources.ts';
import { parseRtcpCompound } from '../../rtsp/rtcp-codec.ts';
import { decodeRtpPacket } from '../../../media/rtp/rtp-header.ts';
import { syntheticClip } from '../../rtsp/e2e/synthetic-clip.ts';

/**
 * Each RTSP/RTP quirk, switched on through the camera's quirks as a model or a timed fault does,
 * seen on the wire by camlab's raw RTSP client (RtspReader), on a synthetic clip and a virtual
 * clock: no ffmpeg, no waiting on the wall clock.
 */

const SPS = Buffer.from([0x67, 0x42, 0xe0, 0x1f, 0xda]);
const PPS = Buffer.from([0x68, 0xce, 0x06, 0xe2]);

/** The synthetic clip with SPS and PPS packets in front of every key frame, as camlab's real clips have them. */
function clipWithParameterSets(spec: ClipSpec): Promise<PacketizedClip> {
  const clip = syntheticClip(spec);
  const frames = clip.frames.map((f) =>
    f.keyframe ? { ...f, payloads: [SPS, PPS, ...f.payloads], bytes: f.bytes + SPS.length + PPS.length } : f,
  );
  return Promise.resolve({ ...clip, frames });
}

interface Unit {
  ts: number;
  seqs: number[];
  /** NAL header byte of each packet (after the SEI): 0x65 IDR, 0x41 P, 0x67/0x68 SPS/PPS. */
  nals: number[];
  /** Payload bytes of each packet, for damage checks. */
  payloads: Buffer[];
}

function collector(): {
  units: Unit[];
  rtcp: Buffer[];
  onRtpPacket: (p: Buffer) => void;
  onRtcpPacket: (p: Buffer) => void;
} {
  const units: Unit[] = [];
  const rtcp: Buffer[] = [];
  let current: Unit | undefined;
  let first = true;
  return {
    units,
    rtcp,
    onRtcpPacket: (p) => rtcp.push(Buffer.from(p)),
    onRtpPacket(p: Buffer) {
      current ??= { ts: p.readUInt32BE(4), seqs: [], nals: [], payloads: [] };
      current.seqs.push(p.readUInt16BE(2));
      // The first packet of every unit is the camera's SEI stamp.
      if (!first) {
        current.nals.push(p[12]!);
        current.payloads.push(Buffer.from(p.subarray(12)));
      }
      first = false;
      if ((p[1]! & 0x80) !== 0) {
        units.push(current);
        current = undefined;
        first = true;
      }
    },
  };
}

const FRAME_MS = 40;
const FRAME_TICKS = 3600;

describe('RTSP/RTP quirks on the wire (raw RTSP client, synthetic clip, virtual clock)', () => {
  let clock: VirtualClock;
  let streams: StreamLibrary;
  let server: RtspServer;
  let camera: Camera;
  let log: ObservationLog;
  let resourcesBefore: string[];
  const readers: RtspReader[] = [];

  beforeEach(async () => {
    resourcesBefore = process.getActiveResourcesInfo();
    clock = new VirtualClock(FRAME_MS * 40_000_000);
    streams = new StreamLibrary({ loadClip: clipWithParameterSets, clock });
    log = new ObservationLog();
    server = new RtspServer({ log, streams, clock });
    camera = new Camera({
      id: 'quirky-1',
      name: 'quirky-1',
      site: 'lab',
      model: findBuiltinModel('fixed-1080p')!,
      network: { address: '127.11.8.1', rtspPort: 0, onvifPort: 0 },
      users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
    });
    await server.addCamera(camera);
  });

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    await server.close();
    streams.close();
    camera.dispose();
    await expectResourcesReleased(resourcesBefore);
  });

  /** Switches one quirk on (owner 'test'), replacing the previous test quirk; no id: all off. */
  function quirk(id?: string, params: Record<string, unknown> = {}): void {
    camera.quirks.remove('test');
    if (id !== undefined) camera.quirks.add('test', id, params);
  }

  async function reader(c?: ReturnType<typeof collector>): Promise<RtspReader> {
    const r = await RtspReader.connect(camera.network.address, camera.network.rtspPort, {
      username: 'admin',
      password: 'secret',
      onRtpPacket: c?.onRtpPacket ?? (() => undefined),
      onRtcpPacket: c?.onRtcpPacket,
    });
    readers.push(r);
    return r;
  }

  async function play(): Promise<ReturnType<typeof collector> & { sdp: string; reader: RtspReader }> {
    const c = collector();
    const r = await reader(c);
    const { sdp } = await r.play(rtspUrl(camera, 'main'));
    return { ...c, sdp, reader: r };
  }

  /**
   * Moves the clock on by whole frames, in steps small enough for the socket to take them whole
   * (no backpressure drops), and waits until every unit the server sent since has arrived.
   */
  async function frames(n: number, units: Unit[]): Promise<void> {
    const step = 10;
    for (let done = 0; done < n; done += step) {
      const sentBefore = server.stats().framesSent;
      const receivedBefore = units.length;
      clock.advance(FRAME_MS * Math.min(step, n - done));
      const sent = server.stats().framesSent - sentBefore;
      await vi.waitFor(() => expect(units.length - receivedBefore).toBe(sent));
    }
  }

  async function untilFirstUnit(units: Unit[]): Promise<void> {
    for (let i = 0; units.length === 0 && i < 60; i++) await frames(1, units);
    expect(units.length).toBeGreaterThan(0);
  }

  const setupTransport: [string, string] = ['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1'];

  it('session cap: SETUP beyond maxSessions is 453 Not Enough Bandwidth; a freed slot is served again', async () => {
    quirk('rtsp-session-cap', { max: 1 });
    const first = await play();
    const second = await reader();
    const url = rtspUrl(camera, 'main');
    expect((await second.request('DESCRIBE', url)).status).toBe(200);
    const refused = await second.request('SETUP', `${url}/trackID=0`, [setupTransport]);
    expect(`${refused.status} ${refused.reason}`).toBe('453 Not Enough Bandwidth');
    await first.reader.request('TEARDOWN', url, [['Session', first.reader.session!]]);
    expect((await second.request('SETUP', `${url}/trackID=0`, [setupTransport])).status).toBe(200);
    expect(log.ofKind('rtsp.request').filter((o) => o.status === 453)).toHaveLength(1);
  });

  it('session cap from the model: maxRtspSessions 1 refuses a second SETUP with 453, a timed cap with every slot taken refuses the first', async () => {
    const capped = new Camera({
      id: 'capped-1',
      name: 'capped-1',
      site: 'lab',
      model: cameraModelSchema.parse({ ...findBuiltinModel('fixed-1080p')!, id: 'capped', maxRtspSessions: 1 }),
      network: { address: '127.11.8.2', rtspPort: 0, onvifPort: 0 },
      users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
    });
    await server.addCamera(capped);
    try {
      const url = rtspUrl(capped, 'main');
      const open = async () => {
        const r = await RtspReader.connect(capped.network.address, capped.network.rtspPort, {
          username: 'admin',
          password: 'secret',
        });
        readers.push(r);
        await r.request('DESCRIBE', url);
        return r.request('SETUP', `${url}/trackID=0`, [setupTransport]);
      };
      expect((await open()).status).toBe(200);
      expect((await open()).status).toBe(453);
      await server.removeCamera(capped.id);
      await server.addCamera(capped);
      capped.quirks.add('viewer', 'rtsp-session-cap', { max: 2, taken: 2 });
      expect((await open()).status).toBe(453);
      capped.quirks.remove('viewer');
      expect((await open()).status).toBe(200);
    } finally {
      await server.removeCamera(capped.id);
      capped.dispose();
    }
  });

  it('fails at start: the first N DESCRIBEs after each boot answer the configured status', async () => {
    quirk('describe-fails-at-start', { count: 2, status: 503 });
    const r = await reader();
    const url = rtspUrl(camera, 'main');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await r.request('DESCRIBE', url)).status);
    expect(statuses).toEqual([503, 503, 200]);
    r.close();
    camera.reboot(clock, 'test');
    clock.advance(camera.model.bootTimeMs);
    await vi.waitFor(async () => expect((await reader()).closed).toBe(false));
    const again = await reader();
    expect((await again.request('DESCRIBE', url)).status).toBe(503);
  });

  it('parameter sets only in-band: the SDP has no sprop-parameter-sets, key frames carry SPS/PPS', async () => {
    quirk('sdp-without-parameter-sets');
    const s = await play();
    expect(s.sdp).toMatch(/a=fmtp:96 packetization-mode=1;profile-level-id=42e01f\r\n/);
    expect(s.sdp).not.toMatch(/sprop/);
    await untilFirstUnit(s.units);
    expect(s.units[0]!.nals.slice(0, 3)).toEqual([0x67, 0x68, 0x65]);
  });

  it('parameter sets only in the SDP: key frames come without SPS/PPS, the SDP still has them', async () => {
    quirk('parameter-sets-only-in-sdp');
    const s = await play();
    expect(s.sdp).toMatch(/sprop-parameter-sets=/);
    await untilFirstUnit(s.units);
    await frames(60, s.units);
    const keyUnits = s.units.filter((u) => u.nals.includes(0x65));
    expect(keyUnits.length).toBeGreaterThanOrEqual(2);
    expect(s.units.flatMap((u) => u.nals).filter((n) => n === 0x67 || n === 0x68)).toEqual([]);
  });

  it('no RTCP sender reports: none in 8 s of streaming, where a default camera sends one every 5 s', async () => {
    const normal = await play();
    await untilFirstUnit(normal.units);
    await frames(200, normal.units);
    expect(normal.rtcp.filter((p) => p[1] === 200).length).toBeGreaterThanOrEqual(1);
    normal.reader.close();
    quirk('no-rtcp-sender-reports');
    const silent = await play();
    await untilFirstUnit(silent.units);
    await frames(200, silent.units);
    expect(silent.rtcp.filter((p) => p[1] === 200)).toEqual([]);
  });

  it('slow first key frame: P-frames from PLAY, the first IDR no earlier than the delay', async () => {
    quirk('slow-first-keyframe', { delay: '5s' });
    const s = await play();
    await frames(200, s.units);
    // One frame per 40 ms slot (the virtual clock skips none): the IDR's index is its time since PLAY.
    const firstIdr = s.units.findIndex((u) => u.nals.includes(0x65));
    expect(s.units[0]!.nals[0]).toBe(0x41);
    expect(firstIdr * FRAME_MS).toBeGreaterThanOrEqual(5_000);
    expect(firstIdr * FRAME_MS).toBeLessThan(5_000 + 50 * FRAME_MS);
  });

  it('wrapped timestamp: RTP time crosses 2^32 about wrapAfterMs after SETUP, frames one duration apart', async () => {
    quirk('rtp-timestamp-wrap', { after: '2s' });
    const s = await play();
    await untilFirstUnit(s.units);
    await frames(80, s.units);
    const ts = s.units.map((u) => u.ts);
    const wrapAt = ts.findIndex((t, i) => i > 0 && t < ts[i - 1]!);
    expect(wrapAt).toBeGreaterThan(0);
    expect(ts[wrapAt - 1]!).toBeGreaterThan(0xffff_ffff - FRAME_TICKS);
    expect(ts.slice(1).every((t, i) => t === (ts[i]! + FRAME_TICKS) >>> 0)).toBe(true);
  });

  it('RTP from boot: time and sequence numbers start near zero after a reboot', async () => {
    quirk('rtp-from-boot');
    clock.advance(camera.model.bootTimeMs);
    camera.reboot(clock, 'test');
    clock.advance(camera.model.bootTimeMs);
    await vi.waitFor(async () => expect((await reader()).closed).toBe(false));
    const s = await play();
    await untilFirstUnit(s.units);
    // Within the first GOP after boot (the camera was up for less than 4 s of stream time).
    expect(s.units[0]!.ts).toBeLessThan(4 * 90_000);
    expect(s.units[0]!.seqs[0]).toBeLessThan(5);
  });

  it("discontinuity: a live session's RTP time and sequence numbers jump, the session goes on", async () => {
    const s = await play();
    await untilFirstUnit(s.units);
    await frames(3, s.units);
    quirk('rtp-discontinuity', { jump: '-1h', sequenceJump: 30_000 });
    await frames(3, s.units);
    const [before, after] = [s.units.at(-4)!, s.units.at(-3)!];
    expect((after.ts - before.ts) | 0).toBe(FRAME_TICKS - 3600 * 90_000);
    expect((after.seqs[0]! - before.seqs.at(-1)!) & 0xffff).toBe(30_001);
    expect(s.units.at(-1)!.ts).toBe((after.ts + 2 * FRAME_TICKS) >>> 0);
  });

  it('frozen picture: RTP keeps flowing, every frame is the same key frame, until thawed', async () => {
    const s = await play();
    await untilFirstUnit(s.units);
    quirk('frozen-picture');
    await frames(20, s.units);
    const frozen = s.units.slice(-19);
    // The synthetic clip fills each frame's payloads with its index: one picture, repeated.
    expect(new Set(frozen.map((u) => u.payloads.at(-1)![5]))).toHaveProperty('size', 1);
    expect(frozen.every((u) => u.nals.includes(0x65))).toBe(true);
    expect(frozen.slice(1).every((u, i) => u.ts === (frozen[i]!.ts + FRAME_TICKS) >>> 0)).toBe(true);
    quirk();
    await frames(5, s.units);
    expect(new Set(s.units.slice(-4).map((u) => u.payloads.at(-1)![5])).size).toBe(4);
  });

  it('damaged NAL units: every Nth P-frame garbled (corrupt) or cut short (truncate)', async () => {
    const s = await play();
    await untilFirstUnit(s.units);
    await frames(10, s.units);
    const clean = s.units.slice(-10);
    expect(clean.every((u) => u.payloads.every((p) => p.subarray(1).every((b) => b === p[1])))).toBe(true);
    quirk('damaged-nal-units', { every: 5, mode: 'corrupt' });
    await frames(10, s.units);
    const garbled = s.units
      .slice(-10)
      .filter((u) => u.payloads.some((p) => p.includes(Buffer.from([0x5a, 0xa5, 0x5a, 0xa5]))));
    expect(garbled.length).toBe(2);
    quirk('damaged-nal-units', { every: 5, mode: 'truncate' });
    await frames(10, s.units);
    const packetCounts = s.units.slice(-10).map((u) => u.nals.length);
    expect(packetCounts.filter((n) => n < 3)).toHaveLength(2);
    // Sequence numbers stay contiguous: what was cut was never sent, not lost.
    const seqs = s.units.slice(-10).flatMap((u) => u.seqs);
    expect(seqs.slice(1).every((q, i) => q === ((seqs[i]! + 1) & 0xffff))).toBe(true);
  });
  it('audio-only after a reconnect: a running session keeps its video; a new one gets one PCMU track, a packet per 20 ms of camera time, sender reports on its 8 kHz clock', async () => {
    const running = await play();
    await untilFirstUnit(running.units);
    quirk('audio-only-after-reconnect');
    await frames(5, running.units);
    expect(running.units.slice(-5).every((u) => u.nals.some((n) => n === 0x65 || n === 0x41))).toBe(true);
    running.reader.close();

    const packets: Buffer[] = [];
    const rtcp: Buffer[] = [];
    const r = await RtspReader.connect(camera.network.address, camera.network.rtspPort, {
      username: 'admin',
      password: 'secret',
      onRtpPacket: (p) => packets.push(Buffer.from(p)),
      onRtcpPacket: (p) => rtcp.push(Buffer.from(p)),
    });
    readers.push(r);
    const playedAtMs = clock.now();
    const { sdp } = await r.play(rtspUrl(camera, 'main'));
    expect(sdp.match(/^m=.*$/gm)).toEqual(['m=audio 0 RTP/AVP 0']);
    // 6 s of camera time in 500 ms steps: one packet at PLAY, then one per 20 ms.
    for (let step = 1; step <= 12; step++) {
      clock.advance(500);
      await vi.waitFor(() => expect(packets.length).toBe(1 + 25 * step));
    }
    const rtp = packets.map((p) => decodeRtpPacket(p));
    expect(new Set(rtp.map((p) => p.header.payloadType))).toEqual(new Set([0]));
    expect(rtp.filter((p) => p.header.marker)).toEqual([rtp[0]]);
    expect(rtp.every((p) => p.payload.length === 160 && p.payload.every((b) => b === 0xff))).toBe(true);
    expect(
      rtp.slice(1).every((p, i) => p.header.timestamp === (rtp[i]!.header.timestamp + 160) >>> 0),
      'RTP time +160 per packet',
    ).toBe(true);
    await vi.waitFor(() => expect(rtcp.length).toBeGreaterThan(0));
    const sr = parseRtcpCompound(rtcp[0]!).find((p) => p.type === 'sr');
    if (sr?.type !== 'sr') throw new Error('the first RTCP packet carries no sender report');
    expect((sr.rtpTimestamp - rtp[0]!.header.timestamp) >>> 0).toBe((sr.ntpMs - playedAtMs) * 8);

    quirk();
    const back = await play();
    expect(back.sdp).toMatch(/^m=video /m);
  });
});
