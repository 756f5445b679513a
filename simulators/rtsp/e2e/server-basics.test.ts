import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { builtinCameraModels, cameraModelSchema } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { decodeSeiNal } from '../../../media/sei/sei-stamp.ts';
import { RtspServer } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import { RtspReader } from '../rtsp-reader.ts';
import type { RtspReaderOptions } from '../rtsp-reader.ts';
import { syntheticLoader } from './synthetic-clip.ts';
import { expectResourcesReleased } from './resources.ts';

const model = builtinCameraModels[0]!;
let nextHost = 1;
function camera(id: string, cameraModel = model): Camera {
  return new Camera({
    id,
    name: id,
    site: 'lab',
    model: cameraModel,
    network: { address: `127.11.1.${nextHost++}`, rtspPort: 0, onvifPort: 0 },
    users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
  });
}

describe('RtspServer with a synthetic clip', () => {
  let log: ObservationLog;
  let streams: StreamLibrary;
  let server: RtspServer;
  let resourcesBefore: string[];
  const readers: RtspReader[] = [];

  beforeEach(() => {
    resourcesBefore = process.getActiveResourcesInfo();
    log = new ObservationLog();
    streams = new StreamLibrary({ loadClip: syntheticLoader });
    server = new RtspServer({ log, streams });
  });

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    await server.close();
    streams.close();
    await expectResourcesReleased(resourcesBefore);
  });

  async function reader(cam: Camera, opts: RtspReaderOptions = {}): Promise<RtspReader> {
    const r = await RtspReader.connect(cam.network.address, cam.network.rtspPort, opts);
    readers.push(r);
    return r;
  }

  it('streams the camera SEI stamp ahead of each frame over TCP', async () => {
    const cam = camera('cam-a');
    await server.addCamera(cam);
    const seis: string[] = [];
    const r = await reader(cam, {
      username: 'admin',
      password: 'secret',
      onRtpPacket: (p: Buffer) => {
        if ((p[12]! & 0x1f) === 6) seis.push(decodeSeiNal('h264', p.subarray(12))?.cameraId ?? '?');
      },
    });
    const { sdp, rtpInfo } = await r.play(rtspUrl(cam, 'main'));
    expect(sdp).toContain('a=rtpmap:96 H264/90000');
    expect(rtpInfo).toMatch(/seq=\d+;rtptime=\d+/);
    await expect.poll(() => r.stats.frames, { timeout: 5000 }).toBeGreaterThanOrEqual(10);
    expect(new Set(seis)).toEqual(new Set(['cam-a']));
    expect(server.stats().sessions).toBe(1);
    const res = await r.request('TEARDOWN', rtspUrl(cam, 'main'), [['Session', r.session!]]);
    expect(res.status).toBe(200);
    expect(server.stats().sessions).toBe(0);
    const close = log.ofKind('rtsp.session.close');
    expect(close).toHaveLength(1);
    expect(close[0]!.reason).toBe('teardown');
    expect(close[0]!.framesSent).toBeGreaterThanOrEqual(10);
    expect(log.ofKind('rtsp.request').map((o) => `${o.method}:${o.status}`)).toContain('DESCRIBE:200');
  });

  it('answers 401 without and with wrong credentials', async () => {
    const cam = camera('cam-b');
    await server.addCamera(cam);
    const none = await reader(cam);
    expect((await none.request('DESCRIBE', rtspUrl(cam, 'main'))).status).toBe(401);
    const wrong = await reader(cam, { username: 'admin', password: 'nope' });
    const res = await wrong.request('DESCRIBE', rtspUrl(cam, 'main'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Digest realm=/);
    const reqs = log.ofKind('rtsp.request').filter((o) => o.method === 'DESCRIBE');
    expect(reqs.map((o) => o.auth)).toEqual(['none', 'none', 'digest']);
  });

  it('accepts Basic only where the model enables it', async () => {
    const plain = camera('cam-plain');
    const basicModel = cameraModelSchema.parse({ ...model, id: 'basic-cam', auth: { rtspBasic: true } });
    const withBasic = camera('cam-basic', basicModel);
    await server.addCamera(plain);
    await server.addCamera(withBasic);
    const header: [string, string] = ['Authorization', `Basic ${Buffer.from('admin:secret').toString('base64')}`];
    const refused = await reader(plain);
    const res = await refused.request('DESCRIBE', rtspUrl(plain, 'main'), [header]);
    expect(res.status).toBe(401);
    expect(refused.challenges.some((c) => c.startsWith('Basic'))).toBe(false);
    const accepted = await reader(withBasic);
    expect((await accepted.request('DESCRIBE', rtspUrl(withBasic, 'main'), [header])).status).toBe(200);
    const wrong = await reader(withBasic);
    expect(
      (
        await wrong.request('DESCRIBE', rtspUrl(withBasic, 'main'), [
          ['Authorization', `Basic ${Buffer.from('admin:nope').toString('base64')}`],
        ])
      ).status,
    ).toBe(401);
    expect(
      log
        .ofKind('rtsp.request')
        .filter((o) => o.camera === withBasic.id)
        .map((o) => `${o.auth}:${o.user}:${o.status}`),
    ).toEqual(['basic:admin:200', 'basic:admin:401']);
  });
});
