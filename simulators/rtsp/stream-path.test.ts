import { describe, expect, it } from 'vitest';
import { Camera } from '../camera/camera.ts';
import { findBuiltinModel } from '../camera/camera-model.ts';
import { resolveStreamPath, trackUrlOf } from './stream-path.ts';
import { RtspError } from './rtsp-error.ts';

function cam(model: string): Camera {
  return new Camera({
    id: 'c',
    name: 'c',
    site: 's',
    model: findBuiltinModel(model)!,
    network: { address: '127.11.0.1', rtspPort: 554, onvifPort: 80 },
    users: [],
  });
}

const cases = [
  { model: 'fixed-1080p', uri: 'rtsp://127.11.0.1/stream/main', want: { profile: 'main', track: false } },
  { model: 'fixed-1080p', uri: 'rtsp://127.11.0.1:8554/stream/sub/', want: { profile: 'sub', track: false } },
  { model: 'fixed-1080p', uri: 'rtsp://127.11.0.1/stream/main/trackID=0', want: { profile: 'main', track: true } },
  { model: 'fixed-1080p', uri: '/stream/sub', want: { profile: 'sub', track: false } },
  { model: 'ptz-dome', uri: 'rtsp://h/Streaming/Channels/102', want: { profile: 'sub', track: false } },
  // Quirk: the model's query suffix, and ffmpeg appending the track control after it.
  {
    model: 'legacy-bullet',
    uri: 'rtsp://h/live/ch0101.sdp?transportmode=unicast',
    want: { profile: 'main', track: false },
  },
  {
    model: 'legacy-bullet',
    uri: 'rtsp://h/live/ch0102.sdp?transportmode=unicast/trackID=0',
    want: { profile: 'sub', track: true },
  },
] as const;

describe('resolveStreamPath', () => {
  it.each(cases)('$uri on $model', ({ model, uri, want }) => {
    expect(resolveStreamPath(cam(model), uri)).toEqual(want);
  });

  it.each([
    'rtsp://h/stream/other',
    'rtsp://h/',
    '*',
    'rtsp://h/stream/main/trackID=1',
    'rtsp://h/Streaming/Channels/101',
  ])('404 for %s', (uri) => {
    const err = (() => {
      try {
        resolveStreamPath(cam('fixed-1080p'), uri);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(RtspError);
    expect((err as RtspError).status).toBe(404);
  });

  it('builds the RTP-Info track URL', () => {
    expect(trackUrlOf('rtsp://h/stream/main', { profile: 'main', track: false })).toBe(
      'rtsp://h/stream/main/trackID=0',
    );
    expect(trackUrlOf('rtsp://h/stream/main/trackID=0', { profile: 'main', track: true })).toBe(
      'rtsp://h/stream/main/trackID=0',
    );
  });
});
