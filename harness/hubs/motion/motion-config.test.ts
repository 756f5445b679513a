import { describe, expect, it } from 'vitest';
import { motionCameraConfig, motionMainConfig } from './motion-config.ts';

describe('motion-config', () => {
  const main = motionMainConfig({
    cameraDir: '/w/cameras',
    targetDir: '/w/rec',
    hookBase: 'http://127.0.0.1:4000/motion',
    movieMaxTimeS: 30,
  });

  it('records continuously in passthrough and names every hook', () => {
    for (const line of [
      'emulate_motion on',
      'movie_passthrough on',
      'movie_max_time 30',
      'camera_dir /w/cameras',
      'webcontrol_port 0',
      'stream_port 0',
    ]) {
      expect(main.split('\n')).toContain(line);
    }
    for (const event of ['camera_lost', 'camera_found', 'movie_start', 'movie_end']) {
      expect(main).toMatch(
        new RegExp(`^on_${event} curl .*camera=%t.*'http://127\\.0\\.0\\.1:4000/motion/${event}'$`, 'm'),
      );
    }
  });

  it('writes one camera file with TCP transport and separate credentials', () => {
    const cam = motionCameraConfig({
      motionId: 3,
      name: 'mk-003',
      url: 'rtsp://127.20.0.3/stream/main',
      username: 'hub',
      password: 's3cret',
    });
    expect(cam.split('\n')).toEqual([
      'camera_id 3',
      'camera_name mk-003',
      'netcam_url rtsp://127.20.0.3/stream/main',
      'netcam_userpass hub:s3cret',
      'netcam_params rtsp_transport=tcp',
      '',
    ]);
  });
});
