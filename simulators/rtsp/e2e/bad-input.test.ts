import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { builtinCameraModels } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { RtspServer } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import { RtspReader } from '../rtsp-reader.ts';
import { syntheticLoader } from './synthetic-clip.ts';
import { expectResourcesReleased } from './resources.ts';
import { rawExchange } from './raw-exchange.ts';

const RESPONSE_END = /\r\n\r\n$/;

describe('bad input: right status or a close, and every other session keeps streaming', () => {
  const log = new ObservationLog();
  const streams = new StreamLibrary({ loadClip: syntheticLoader });
  const server = new RtspServer({ log, streams });
  const cam = new Camera({
    id: 'bad-input-cam',
    name: 'Bad input',
    site: 'lab',
    model: builtinCameraModels[0]!,
    network: { address: '127.11.3.1', rtspPort: 0, onvifPort: 0 },
    users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
  });
  const readers: RtspReader[] = [];
  let witness: RtspReader;
  let before: string[];
  let url: string;

  async function authed(): Promise<RtspReader> {
    const r = await RtspReader.connect(cam.network.address, cam.network.rtspPort, {
      username: 'admin',
      password: 'secret',
    });
    readers.push(r);
    return r;
  }
  const raw = (
    bytes: Buffer | string,
    opts: Parameters<typeof rawExchange>[3] = { until: RESPONSE_END },
  ): ReturnType<typeof rawExchange> => rawExchange(cam.network.address, cam.network.rtspPort, bytes, opts);
  const statusOf = (text: string): number => Number(/^RTSP\/1\.0 (\d{3})/.exec(text)?.[1] ?? 0);

  beforeAll(async () => {
    before = process.getActiveResourcesInfo();
    await server.addCamera(cam);
    url = rtspUrl(cam, 'main');
    witness = await authed();
    await witness.play(url);
    await vi.waitFor(() => expect(witness.stats.frames).toBeGreaterThan(0), { timeout: 5000 });
  });

  afterAll(async () => {
    for (const r of readers) r.close();
    await server.close();
    streams.close();
    await expectResourcesReleased(before);
  });

  it('garbage bytes get 400 and a close', async () => {
    const res = await raw(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]), {});
    expect(statusOf(res.text)).toBe(400);
    expect(res.closed).toBe(true);
  });

  it('an oversize header line gets 400 and a close', async () => {
    const res = await raw(`OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nX-Big: ${'x'.repeat(9000)}\r\n\r\n`, {});
    expect(statusOf(res.text)).toBe(400);
    expect(res.closed).toBe(true);
  });

  it('too many headers get 400 and a close', async () => {
    const res = await raw(`OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n${'X-A: 1\r\n'.repeat(100)}\r\n`, {});
    expect(statusOf(res.text)).toBe(400);
  });

  it('a missing CSeq gets 400, and the connection stays usable', async () => {
    const res = await raw('OPTIONS * RTSP/1.0\r\n\r\nOPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n', {
      until: /CSeq: 2\r\n[\s\S]*\r\n\r\n$/,
    });
    expect(res.text).toMatch(/^RTSP\/1\.0 400 /);
    expect(res.text).toMatch(/RTSP\/1\.0 200 OK\r\nCSeq: 2/);
  });

  it('a non-numeric CSeq gets 400', async () => {
    expect(statusOf((await raw('OPTIONS * RTSP/1.0\r\nCSeq: abc\r\n\r\n')).text)).toBe(400);
  });

  it('another RTSP version gets 505', async () => {
    expect(statusOf((await raw('OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n')).text)).toBe(505);
  });

  it('unknown methods get 501; RECORD-side methods 405 with Allow', async () => {
    expect(statusOf((await raw(`FROBNICATE ${url} RTSP/1.0\r\nCSeq: 1\r\n\r\n`)).text)).toBe(501);
    const announce = await raw(`ANNOUNCE ${url} RTSP/1.0\r\nCSeq: 1\r\n\r\n`);
    expect(statusOf(announce.text)).toBe(405);
    expect(announce.text).toMatch(/Allow: OPTIONS, DESCRIBE/);
  });

  it('unknown paths get 404', async () => {
    const r = await authed();
    expect((await r.request('DESCRIBE', `rtsp://${cam.network.address}:${cam.network.rtspPort}/nope`)).status).toBe(
      404,
    );
  });

  it('wrong or missing session ids get 454', async () => {
    const r = await authed();
    expect((await r.request('PLAY', url, [['Session', 'DEADBEEF']])).status).toBe(454);
    expect((await r.request('PLAY', url)).status).toBe(454);
    expect((await r.request('TEARDOWN', url, [['Session', witness.session!.slice(1)]])).status).toBe(454);
  });

  it('unsupported transports get 461', async () => {
    const r = await authed();
    expect((await r.request('SETUP', `${url}/trackID=0`, [['Transport', 'RTP/AVP;multicast']])).status).toBe(461);
    expect((await r.request('SETUP', `${url}/trackID=0`)).status).toBe(461);
  });

  it('SETUP while playing gets 455; SETUP of the other stream into a session gets 459', async () => {
    const r = await authed();
    await r.play(url);
    expect(
      (
        await r.request('SETUP', `${url}/trackID=0`, [
          ['Transport', 'RTP/AVP/TCP;interleaved=0-1'],
          ['Session', r.session!],
        ])
      ).status,
    ).toBe(455);
    const other = await authed();
    const setup = await other.request('SETUP', `${url}/trackID=0`, [['Transport', 'RTP/AVP/TCP;interleaved=0-1']]);
    const session = setup.headers.get('session')!.split(';')[0]!;
    expect(
      (
        await other.request('SETUP', `${rtspUrl(cam, 'sub')}/trackID=0`, [
          ['Transport', 'RTP/AVP/TCP;interleaved=2-3'],
          ['Session', session],
        ])
      ).status,
    ).toBe(459);
  });

  it('interleaved data on a channel no session uses is ignored; requests after it are answered', async () => {
    const stray = Buffer.concat([
      Buffer.from([0x24, 7, 0, 5]),
      Buffer.from('hello'),
      Buffer.from('OPTIONS * RTSP/1.0\r\nCSeq: 9\r\n\r\n'),
    ]);
    const res = await raw(stray);
    expect(res.text).toMatch(/^RTSP\/1\.0 200 OK\r\nCSeq: 9/);
  });

  it('a half-closed socket gets its answer, then the server closes and ends its session', async () => {
    const r = await authed();
    await r.play(url);
    const session = r.session!;
    r.socket.end();
    await expect
      .poll(() => log.ofKind('rtsp.session.close').find((o) => o.session === session)?.reason, { timeout: 5000 })
      .toBe('client-closed');
    const res = await raw('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n', { end: true });
    expect(statusOf(res.text)).toBe(200);
    expect(res.closed).toBe(true);
  });

  it('kept the witness session streaming through all of it', async () => {
    const framesBefore = witness.stats.frames;
    await expect.poll(() => witness.stats.frames, { timeout: 5000 }).toBeGreaterThan(framesBefore);
    expect(witness.closed).toBe(false);
    expect(server.stats().framesDropped).toBe(0);
  });

  it('records every bad request as an observation', () => {
    const statuses = new Set(log.ofKind('rtsp.request').map((o) => o.status));
    for (const s of [400, 404, 405, 454, 455, 459, 461, 501, 505]) expect(statuses).toContain(s);
  });
});
