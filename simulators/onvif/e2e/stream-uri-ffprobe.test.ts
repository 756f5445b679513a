import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable, ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { RtspServer } from '../../rtsp/rtsp-server.ts';
import { StreamLibrary } from '../../rtsp/stream-library.ts';
import { OnvifServer } from '../onvif-server.ts';
import { ADMIN, TINY_JPEG, withAdminCredentials } from './onvif-fixture.ts';
import { call, connectCam } from './onvif-client.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('stream-uri-ffprobe.test: ffprobe does not run here, skipping');

function ffprobe(url: string): Promise<{ streams: Array<{ codec_name: string; width: number; height: number }> }> {
  return new Promise((resolve, reject) =>
    execFile(
      ffprobePath(),
      ['-v', 'error', '-rtsp_transport', 'tcp', '-show_streams', '-of', 'json', url],
      { timeout: 30_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as never),
    ),
  );
}

describe.skipIf(!available)('ffprobe plays the stream URI the onvif client got from GetStreamUri', () => {
  const log = new ObservationLog();
  const streams = new StreamLibrary();
  const rtsp = new RtspServer({ log, streams });
  const onvif = new OnvifServer({ log, snapshot: async () => TINY_JPEG });
  const cameras = ['ptz-dome', 'legacy-bullet'].map(
    (m, i) =>
      new Camera({
        id: `ffprobe-${i}`,
        name: `FFprobe ${i}`,
        site: 'slough',
        model: findBuiltinModel(m)!,
        network: { address: `127.12.6.${i + 1}`, rtspPort: 0, onvifPort: 0 },
        users: [ADMIN],
      }),
  );

  beforeAll(async () => {
    await streams.preload(cameras.map((c) => c.model));
    for (const c of cameras) {
      await rtsp.addCamera(c);
      await onvif.addCamera(c);
    }
  }, 180_000);

  afterAll(async () => {
    await onvif.close();
    await rtsp.close();
    for (const c of cameras) c.dispose();
  });

  it.each([0, 1])(
    'camera %i: main and sub profiles play at the resolution the profile declares',
    async (i) => {
      const camera = cameras[i]!;
      const cam = await connectCam(camera, ADMIN.username, ADMIN.password, false);
      for (const profile of ['main', 'sub'] as const) {
        const { uri } = await call<{ uri: string }>(cam, 'getStreamUri', {
          protocol: 'RTSP',
          profileToken: `Profile_${profile}`,
        });
        const withCreds = withAdminCredentials(uri);
        const probe = await ffprobe(withCreds);
        const spec = camera.profile(profile)!;
        expect(probe.streams[0]).toMatchObject({
          codec_name: spec.codec === 'h264' ? 'h264' : 'hevc',
          width: spec.width,
          height: spec.height,
        });
      }
    },
    120_000,
  );
});
