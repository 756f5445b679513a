import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { builtinCameraModels, cameraModelSchema } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { ffmpegAvailable, ffmpegPath, ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { findSeiStamps } from '../../../media/sei/sei-stamp.ts';
import { RtspServer } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import { runClient } from './run-client.ts';
import { expectResourcesReleased } from './resources.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping RTSP ffmpeg e2e: ffmpeg/ffprobe do not run here');

function withCreds(url: string, user = 'admin', password = 'secret'): string {
  return url.replace('rtsp://', `rtsp://${user}:${password}@`);
}

/** A personality with H.265 streams (no builtin model has one). */
const hevcModel = cameraModelSchema.parse({
  ...builtinCameraModels[0]!,
  id: 'hevc',
  profiles: [
    { name: 'main', codec: 'h265', width: 640, height: 360, fps: 25, bitrateKbps: 800, gopFrames: 25 },
    { name: 'sub', codec: 'h265', width: 320, height: 180, fps: 25, bitrateKbps: 200, gopFrames: 25 },
  ],
});

describe.skipIf(!available)('real ffmpeg/ffprobe clients', () => {
  const log = new ObservationLog();
  const streams = new StreamLibrary();
  const server = new RtspServer({ log, streams });
  const cameras: Camera[] = [];
  let resourcesBefore: string[];

  beforeAll(async () => {
    resourcesBefore = process.getActiveResourcesInfo();
    await streams.preload([...builtinCameraModels, hevcModel]);
    for (let i = 0; i < 52; i++) {
      const model = builtinCameraModels[i % builtinCameraModels.length]!;
      const cam = new Camera({
        id: `e2e-cam-${i}`,
        name: `E2E ${i}`,
        site: 'lab',
        model,
        network: { address: `127.11.${20 + Math.floor(i / 200)}.${(i % 200) + 1}`, rtspPort: 0, onvifPort: 0 },
        users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
      });
      await server.addCamera(cam);
      cameras.push(cam);
    }
  }, 120_000);

  it('serves H.265: ffprobe reads hevc, ffmpeg records it stamped with the camera', async () => {
    const cam = new Camera({
      id: 'e2e-hevc',
      name: 'HEVC',
      site: 'lab',
      model: hevcModel,
      network: { address: '127.11.21.1', rtspPort: 0, onvifPort: 0 },
      users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
    });
    await server.addCamera(cam);
    const url = withCreds(rtspUrl(cam, 'main'));
    const probe = await runClient(
      ffprobePath(),
      ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', url],
      30_000,
    );
    expect(probe.stderr).toBe('');
    expect(JSON.parse(probe.stdout.toString()).streams[0]).toMatchObject({
      codec_name: 'hevc',
      width: 640,
      height: 360,
    });
    const rec = await runClient(
      ffmpegPath(),
      ['-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-t', '3', '-c', 'copy', '-f', 'hevc', 'pipe:1'],
      30_000,
    );
    expect(rec.stderr).toBe('');
    expect(new Set(findSeiStamps('h265', rec.stdout).map((s) => s.cameraId))).toEqual(new Set([cam.id]));
  }, 120_000);

  afterAll(async () => {
    await server.close();
    streams.close();
    await expectResourcesReleased(resourcesBefore);
  });

  const probeCases = [
    { camera: 0, profile: 'main', transport: 'tcp', size: [1920, 1080], fps: '25/1' },
    { camera: 0, profile: 'sub', transport: 'tcp', size: [640, 360], fps: '25/1' },
    { camera: 1, profile: 'main', transport: 'udp', size: [1920, 1080], fps: '25/1' },
    { camera: 1, profile: 'sub', transport: 'udp', size: [640, 360], fps: '25/1' },
    { camera: 2, profile: 'main', transport: 'udp', size: [1280, 720], fps: '15/1' },
    { camera: 2, profile: 'sub', transport: 'tcp', size: [352, 288], fps: '15/1' },
  ] as const;

  it.each(probeCases)('ffprobe reads camera $camera $profile over $transport', async (c) => {
    const url = withCreds(rtspUrl(cameras[c.camera]!, c.profile));
    const res = await runClient(
      ffprobePath(),
      [
        '-v',
        'error',
        '-rtsp_transport',
        c.transport,
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=codec_name,width,height,r_frame_rate',
        '-of',
        'json',
        url,
      ],
      30_000,
    );
    expect(res.stderr).toBe('');
    const stream = (
      JSON.parse(res.stdout.toString('utf8')) as {
        streams: { codec_name: string; width: number; height: number; r_frame_rate: string }[];
      }
    ).streams[0]!;
    expect(stream.codec_name).toBe('h264');
    expect([stream.width, stream.height]).toEqual(c.size);
    expect(stream.r_frame_rate).toBe(c.fps);
  });

  it.each([
    { profile: 'main', transport: 'tcp' },
    { profile: 'sub', transport: 'udp' },
  ] as const)('ffmpeg records 5 s of $profile over $transport cleanly, stamped with the camera', async (c) => {
    const cam = cameras[3]!;
    const droppedBefore = server.stats().framesDropped;
    const res = await runClient(
      ffmpegPath(),
      [
        '-v',
        'error',
        '-rtsp_transport',
        c.transport,
        '-i',
        withCreds(rtspUrl(cam, c.profile)),
        '-t',
        '5',
        '-c',
        'copy',
        '-f',
        'h264',
        'pipe:1',
      ],
      30_000,
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const stamps = findSeiStamps('h264', res.stdout);
    expect(stamps.length).toBeGreaterThanOrEqual(100);
    expect(new Set(stamps.map((s) => s.cameraId))).toEqual(new Set([cam.id]));
    // Frame counters only rise, by one per frame: nothing reordered, and the only gaps are slots
    // the camera's clock skipped when this busy machine ran it late, each counted as a drop.
    let gaps = 0;
    for (let i = 1; i < stamps.length; i++) {
      expect(stamps[i]!.frame).toBeGreaterThan(stamps[i - 1]!.frame);
      gaps += stamps[i]!.frame - stamps[i - 1]!.frame - 1;
    }
    expect(gaps).toBeLessThanOrEqual(server.stats().framesDropped - droppedBefore);
  });

  it('refuses ffprobe without and with wrong credentials', async () => {
    const cam = cameras[4]!;
    for (const url of [rtspUrl(cam, 'main'), withCreds(rtspUrl(cam, 'main'), 'admin', 'wrong')]) {
      const res = await runClient(ffprobePath(), ['-v', 'error', '-rtsp_transport', 'tcp', url], 30_000);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/401 Unauthorized/);
    }
    const statuses = log
      .ofKind('rtsp.request')
      .filter((o) => o.camera === cam.id && o.method === 'DESCRIBE')
      .map((o) => o.status);
    expect(statuses.every((s) => s === 401)).toBe(true);
  });

  it('50 concurrent ffmpeg readers on 50 cameras each get their own camera', async () => {
    const targets = cameras.slice(2, 52);
    const results = await Promise.all(
      targets.map((cam) =>
        runClient(
          ffmpegPath(),
          [
            '-v',
            'error',
            '-rtsp_transport',
            'tcp',
            '-i',
            withCreds(rtspUrl(cam, 'sub')),
            '-t',
            '3',
            '-c',
            'copy',
            '-f',
            'h264',
            'pipe:1',
          ],
          90_000,
        ),
      ),
    );
    results.forEach((res, i) => {
      expect(res.stderr).toBe('');
      const ids = new Set(findSeiStamps('h264', res.stdout).map((s) => s.cameraId));
      expect(ids).toEqual(new Set([targets[i]!.id]));
    });
  }, 120_000);
});
