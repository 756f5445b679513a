import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { builtinCameraModels } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import type { ActiveFault } from '../../faults/fault.ts';
import { FRAME_DROP } from '../../faults/fault.ts';
import { RtspServer } from '../rtsp-server.ts';
import type { RtspServerOptions } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import { RtspReader } from '../rtsp-reader.ts';
import type { RtspReaderOptions } from '../rtsp-reader.ts';
import { parseRtcpCompound } from '../rtcp-codec.ts';
import { syntheticClip, syntheticLoader } from './synthetic-clip.ts';
import { expectResourcesReleased } from './resources.ts';

let host = 1;
function newCamera(id: string): Camera {
  return new Camera({
    id,
    name: id,
    site: 'lab',
    model: builtinCameraModels[1]!,
    network: { address: `127.11.4.${host++}`, rtspPort: 0, onvifPort: 0 },
    users: [
      { username: 'admin', password: 'secret', role: 'Administrator' },
      { username: 'viewer', password: 'look', role: 'User' },
    ],
  });
}

function fault(hooks: Partial<ActiveFault>): ActiveFault {
  return { id: `f-${Math.random()}`, kind: 'test', close: () => undefined, ...hooks };
}

/** Whether a TCP connect to address:port is refused (resolves on connect or close, whichever comes first). */
function refused(address: string, port: number): Promise<boolean> {
  const s = net.connect({ host: address, port });
  return new Promise<boolean>((resolve) => {
    s.once('connect', () => resolve(false));
    s.once('error', () => resolve(true));
  }).finally(() => s.destroy());
}

/** Sends an OPTIONS and waits for the connection to end: whether any byte came back. */
async function answeredAtAll(address: string, port: number): Promise<boolean> {
  const s = net.connect({ host: address, port });
  let answered = false;
  s.on('data', () => (answered = true));
  s.on('error', () => undefined);
  s.write('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n');
  // once() would reject on the reset's 'error'; the close that follows it is what we wait for.
  await new Promise((resolve) => s.once('close', resolve));
  return answered;
}

describe('camera lifecycle, faults and timers', () => {
  let log: ObservationLog;
  let streams: StreamLibrary;
  let server: RtspServer;
  let before: string[];
  const readers: RtspReader[] = [];

  function start(opts: Partial<RtspServerOptions> = {}): void {
    server = new RtspServer({ log, streams, ...opts });
  }
  async function reader(
    cam: Camera,
    opts: RtspReaderOptions = { username: 'admin', password: 'secret' },
  ): Promise<RtspReader> {
    const r = await RtspReader.connect(cam.network.address, cam.network.rtspPort, opts);
    readers.push(r);
    return r;
  }
  const closeReason = (session: string | undefined): string | undefined =>
    log.ofKind('rtsp.session.close').find((o) => o.session === session)?.reason;
  const lastStats = (session: string | undefined) =>
    log
      .ofKind('rtsp.session.stats')
      .filter((o) => o.session === session)
      .at(-1);

  beforeEach(() => {
    before = process.getActiveResourcesInfo();
    log = new ObservationLog();
    streams = new StreamLibrary({ loadClip: syntheticLoader });
    start();
  });

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    await server.close();
    await server.close();
    streams.close();
    await expectResourcesReleased(before);
  });

  it('ends sessions on power down, resets and records every attempt while down, and serves again on the same port when up', async () => {
    const cam = newCamera('power');
    await server.addCamera(cam);
    const { address, rtspPort } = cam.network;
    const r = await reader(cam);
    await r.play(rtspUrl(cam, 'main'));
    cam.setPower('down', 'test');
    await expect.poll(() => closeReason(r.session)).toBe('camera-down');
    expect(await answeredAtAll(address, rtspPort)).toBe(false);
    await expect
      .poll(() => log.ofKind('connection').filter((o) => o.camera === cam.id && o.poweredOff === true).length)
      .toBeGreaterThan(0);
    cam.setPower('up', 'test');
    await expect.poll(() => refused(address, rtspPort)).toBe(false);
    const again = await reader(cam);
    await again.play(rtspUrl(cam, 'main'));
    await expect.poll(() => again.stats.frames, { timeout: 5000 }).toBeGreaterThan(0);
  });

  it('moves to the new address on readdress', async () => {
    const cam = newCamera('move');
    await server.addCamera(cam);
    const old = { ...cam.network };
    const r = await reader(cam);
    await r.play(rtspUrl(cam, 'main'));
    cam.readdress({ ...cam.network, address: '127.11.4.250', rtspPort: 0 });
    await expect.poll(() => closeReason(r.session)).toBe('readdress');
    await expect.poll(() => refused(old.address, old.rtspPort)).toBe(true);
    await expect.poll(() => cam.network.rtspPort).not.toBe(0);
    const moved = await reader(cam);
    expect((await moved.request('OPTIONS', rtspUrl(cam, 'main'))).status).toBe(200);
  });

  it('closes the listener while RTSP is switched off and serves on the same port when it is back on', async () => {
    const cam = newCamera('rtsp-off');
    await server.addCamera(cam);
    const { address, rtspPort } = cam.network;
    const r = await reader(cam);
    await r.play(rtspUrl(cam, 'main'));
    cam.setRtspEnabled(false);
    await expect.poll(() => closeReason(r.session)).toBe('readdress');
    await expect.poll(() => refused(address, rtspPort)).toBe(true);
    cam.setRtspEnabled(true);
    await expect.poll(() => refused(address, rtspPort)).toBe(false);
    const again = await reader(cam);
    await again.play(rtspUrl(cam, 'main'));
    await expect.poll(() => again.stats.frames, { timeout: 5000 }).toBeGreaterThan(0);
  });

  it('keeps sessions whose credentials still hold when users change, ends the others', async () => {
    const cam = newCamera('users');
    await server.addCamera(cam);
    const admin = await reader(cam);
    await admin.play(rtspUrl(cam, 'main'));
    const viewer = await reader(cam, { username: 'viewer', password: 'look' });
    await viewer.play(rtspUrl(cam, 'sub'));
    cam.setUsers([
      { username: 'admin', password: 'secret', role: 'Administrator' },
      { username: 'viewer', password: 'changed', role: 'User' },
      { username: 'third', password: 'x', role: 'User' },
    ]);
    expect(closeReason(viewer.session)).toBe('credentials-changed');
    expect(closeReason(admin.session)).toBeUndefined();
    const framesBefore = admin.stats.frames;
    await expect.poll(() => admin.stats.frames, { timeout: 5000 }).toBeGreaterThan(framesBefore);
  });

  it('resets or hangs connections as faults say', async () => {
    const cam = newCamera('conn-faults');
    await server.addCamera(cam);
    cam.addFault(fault({ onConnection: () => 'reset' }));
    await expect(reader(cam).then((r) => r.request('OPTIONS', '*'))).rejects.toThrow();
    cam.removeFault(cam.faults[0]!.id);
    cam.addFault(fault({ onConnection: () => 'hang' }));
    const hung = await reader(cam, { requestTimeoutMs: 300 });
    await expect(hung.request('OPTIONS', '*')).rejects.toThrow(/no answer/);
    expect(log.ofKind('connection').filter((o) => o.camera === cam.id)).toHaveLength(2);
  });

  it('drops frames a fault drops and holds frames a fault delays', async () => {
    const cam = newCamera('frame-faults');
    await server.addCamera(cam);
    const drop = fault({ onFrame: () => FRAME_DROP });
    cam.addFault(drop);
    const r = await reader(cam);
    await r.play(rtspUrl(cam, 'main'));
    // A new session starts at a key frame, so until one gets through only key frames reach the
    // fault (the frames between are skipped uncharged): one dropped per GOP.
    await expect.poll(() => server.stats().framesDropped, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(r.stats.frames).toBe(0);
    // What a fault drops is not the reader's doing: the full-queue counter stays at zero.
    await expect.poll(() => lastStats(r.session)?.framesDropped ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    expect(lastStats(r.session)?.framesDroppedQueueFull).toBe(0);
    cam.removeFault(drop.id);
    cam.addFault(fault({ onFrame: () => 30 }));
    await expect.poll(() => r.stats.frames, { timeout: 5000 }).toBeGreaterThan(5);
  });

  it('drops to the next key frame when a reader stops reading, keeps memory bounded, and recovers intact', async () => {
    // Big frames (140 kB) fill the kernel's socket buffers within seconds once the reader stops.
    await server.close();
    streams.close();
    streams = new StreamLibrary({ loadClip: (spec) => Promise.resolve(syntheticClip(spec, 1400, 100)) });
    server = new RtspServer({ log, streams, sessionLimits: { maxQueuedBytes: 16 * 1024 } });
    const cam = newCamera('slow');
    await server.addCamera(cam);
    const corrupt = { count: 0 };
    // Synthetic payloads are one byte value after the NAL header; a reused or mutated buffer would mix them.
    const check = (p: Buffer): void => {
      if ((p[12]! & 0x1f) === 6) return;
      for (let i = 14; i < p.length; i++) if (p[i] !== p[13]) return void corrupt.count++;
    };
    const healthy = await reader(cam, { username: 'admin', password: 'secret', onRtpPacket: check });
    await healthy.play(rtspUrl(cam, 'main'));
    const slow = await reader(cam, { username: 'admin', password: 'secret', onRtpPacket: check });
    await slow.play(rtspUrl(cam, 'main'));
    slow.socket.pause();
    await expect.poll(() => server.stats().framesDropped, { timeout: 10_000 }).toBeGreaterThan(3);
    // The camera tells which reader stopped reading: its frames sent stand still while its full-queue drops grow.
    await expect.poll(() => lastStats(slow.session)?.framesDroppedQueueFull ?? 0, { timeout: 5000 }).toBeGreaterThan(0);
    const stalledAt = lastStats(slow.session)!.framesSent;
    await expect
      .poll(
        () => (lastStats(slow.session)?.framesDroppedQueueFull ?? 0) > 1 && lastStats(healthy.session)!.framesSent > 0,
        { timeout: 5000 },
      )
      .toBe(true);
    expect(lastStats(slow.session)!.framesSent).toBe(stalledAt);
    expect(lastStats(healthy.session)!.framesDroppedQueueFull).toBe(0);
    // Bounded: the cap plus at most the one frame written while under it (140 kB and headers).
    expect(server.stats().queuedBytes).toBeLessThanOrEqual(16 * 1024 + 160 * 1024);
    const framesAtResume = slow.stats.frames;
    slow.socket.resume();
    await expect.poll(() => slow.stats.frames, { timeout: 10_000 }).toBeGreaterThan(framesAtResume + 5);
    expect(corrupt.count).toBe(0);
    expect(healthy.stats.frames).toBeGreaterThan(0);
  });

  it('sends RTCP sender reports and accepts receiver reports', async () => {
    await server.close();
    server = new RtspServer({ log, streams, senderReportIntervalMs: 1000 });
    const cam = newCamera('rtcp');
    await server.addCamera(cam);
    const reports: string[] = [];
    const r = await reader(cam, {
      username: 'admin',
      password: 'secret',
      onRtcpPacket: (p) => reports.push(...parseRtcpCompound(p).map((x) => x.type)),
    });
    await r.play(rtspUrl(cam, 'main'));
    await expect.poll(() => reports, { timeout: 5000 }).toContain('sr');
    r.sendReceiverReport();
    expect((await r.request('GET_PARAMETER', rtspUrl(cam, 'main'), [['Session', r.session!]])).status).toBe(200);
  });
});

describe('session timeout and nonce expiry on a virtual clock', () => {
  it('reaps idle sessions, keeps alive ones, and answers stale nonces with stale=TRUE', async () => {
    const before = process.getActiveResourcesInfo();
    const clock = new VirtualClock(Date.now());
    const log = new ObservationLog();
    const streams = new StreamLibrary({ loadClip: syntheticLoader });
    const server = new RtspServer({ log, streams, clock, sessionTimeoutMs: 60_000, nonceLifetimeMs: 120_000 });
    const cam = newCamera('timeout');
    await server.addCamera(cam);
    const r = await RtspReader.connect(cam.network.address, cam.network.rtspPort, {
      username: 'admin',
      password: 'secret',
    });
    try {
      const url = rtspUrl(cam, 'main');
      const setup = await r.request('SETUP', `${url}/trackID=0`, [['Transport', 'RTP/AVP/TCP;interleaved=0-1']]);
      expect(setup.headers.get('session')).toMatch(/;timeout=60$/);
      const session = setup.headers.get('session')!.split(';')[0]!;
      clock.advance(40_000);
      const keepAlive = await r.request('GET_PARAMETER', url, [['Session', session]]);
      expect(keepAlive.status).toBe(200);
      clock.advance(40_000);
      expect(server.stats().sessions).toBe(1);
      // OPTIONS naming the session keeps it alive too (the keep-alive of live555 and many VMSs).
      const options = await r.request('OPTIONS', url, [['Session', session]]);
      expect([options.status, options.headers.get('session')]).toEqual([200, `${session};timeout=60`]);
      clock.advance(40_000);
      expect(server.stats().sessions).toBe(1);
      expect((await r.request('GET_PARAMETER', url, [['Session', session]])).status).toBe(200);
      // Past the nonce lifetime: 401 with stale=TRUE, which the client answers with the new nonce.
      clock.advance(50_000);
      expect((await r.request('GET_PARAMETER', url, [['Session', session]])).status).toBe(200);
      expect(r.challenges.at(-1)).toMatch(/stale=TRUE/);
      expect(
        log
          .ofKind('rtsp.request')
          .slice(-2)
          .map((o) => `${o.method} ${o.status}`),
      ).toEqual(['GET_PARAMETER 401', 'GET_PARAMETER 200']);
      clock.advance(61_000);
      expect(server.stats().sessions).toBe(0);
      expect(log.ofKind('rtsp.session.close')[0]!.reason).toBe('timeout');
      expect((await r.request('GET_PARAMETER', url, [['Session', session]])).status).toBe(454);
    } finally {
      r.close();
      await server.close();
      streams.close();
    }
    await expectResourcesReleased(before);
  });

  it("counts only the client's silence while a stream freeze sends nothing: the silent session is reaped, its connection left open", async () => {
    const before = process.getActiveResourcesInfo();
    const clock = new VirtualClock(Date.now());
    const log = new ObservationLog();
    const streams = new StreamLibrary({ loadClip: syntheticLoader });
    const server = new RtspServer({ log, streams, clock, sessionTimeoutMs: 60_000 });
    const cam = newCamera('freeze-timeout');
    await server.addCamera(cam);
    const connect = () =>
      RtspReader.connect(cam.network.address, cam.network.rtspPort, { username: 'admin', password: 'secret' });
    const [silent, alive] = [await connect(), await connect()];
    try {
      const url = rtspUrl(cam, 'main');
      await silent.play(url);
      await alive.play(url);
      // The encoder stalls: the camera sends no RTP, so neither client gets a packet to answer.
      cam.addFault(fault({ onFrame: () => FRAME_DROP }));
      clock.advance(40_000);
      expect((await alive.request('GET_PARAMETER', url, [['Session', alive.session!]])).status).toBe(200);
      clock.advance(21_000);
      const reasons = log.ofKind('rtsp.session.close').map((o) => [o.session, o.reason]);
      expect(reasons).toEqual([[silent.session, 'timeout']]);
      expect(server.stats().sessions).toBe(1);
      // As live555's server does: the session ends, its TCP connection stays open and answers.
      expect(silent.closed).toBe(false);
      expect((await silent.request('GET_PARAMETER', url, [['Session', silent.session!]])).status).toBe(454);
    } finally {
      silent.close();
      alive.close();
      await server.close();
      streams.close();
    }
    await expectResourcesReleased(before);
  });
});
