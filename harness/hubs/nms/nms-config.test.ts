import { describe, expect, it } from 'vitest';
import { nmsConfig, nmsStreamName, rtspUrlWithCredentials } from './nms-config.ts';
import { recordingStartMs } from './nms-recordings.ts';

describe('nms-config', () => {
  it.each([
    ['mk-001', 'mk-001'],
    ['cam_7', 'cam_7'],
    ['slough/12', 'slough_2f12'],
    ['a b', 'a_20b'],
  ])('stream name of %s is %s', (id, name) => {
    expect(nmsStreamName(id)).toBe(name);
  });

  it('puts the hub credentials into the RTSP URL, escaped', () => {
    expect(rtspUrlWithCredentials('rtsp://127.20.0.5/stream/main?profile=1', 'hub', 'p@ss:w/rd')).toBe(
      'rtsp://hub:p%40ss%3Aw%2Frd@127.20.0.5/stream/main?profile=1',
    );
  });

  it('records to fragmented MP4 only when asked', () => {
    const base = { rtmpPort: 1, httpPort: 2, ffmpeg: '/ff', mediaRoot: '/m', apiUser: 'u', apiPassword: 'p' };
    expect(nmsConfig({ ...base, record: false }).trans).toBeUndefined();
    expect(nmsConfig({ ...base, record: true }).trans?.tasks[0]).toMatchObject({ app: 'live', mp4: true });
    expect(nmsConfig({ ...base, record: true }).auth).toMatchObject({ api: true, api_user: 'u', api_pass: 'p' });
  });
});

describe('recordingStartMs', () => {
  it.each([
    ['2026-11-25-17-28-42.mp4', Date.UTC(2026, 10, 25, 17, 28, 42)],
    ['2026-01-01-00-00-00.mp4', Date.UTC(2026, 0, 1)],
    ['index.m3u8', undefined],
    ['2026-11-25-17-28-42.flv', undefined],
  ])('%s', (name, ms) => {
    expect(recordingStartMs(name)).toBe(ms);
  });
});
