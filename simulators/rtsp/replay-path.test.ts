import { describe, expect, it } from 'vitest';
import { replayPath } from '../recording/recorded-track.ts';
import { RtspError } from './rtsp-error.ts';
import { resolveReplayPath } from './replay-path.ts';

describe('resolveReplayPath', () => {
  it.each([
    ['bare path', replayPath('REC-1'), { recordingToken: 'REC-1', track: false }],
    ['absolute URL', `rtsp://127.0.0.1:554${replayPath('REC-1')}`, { recordingToken: 'REC-1', track: false }],
    ['trailing slash', `${replayPath('REC-1')}/`, { recordingToken: 'REC-1', track: false }],
    ['track control', `rtsp://h${replayPath('REC-1')}/trackID=0`, { recordingToken: 'REC-1', track: true }],
    ['escaped token', replayPath('cam 1/edge'), { recordingToken: 'cam 1/edge', track: false }],
  ])('%s', (_name, uri, target) => {
    expect(resolveReplayPath(uri)).toEqual(target);
  });

  it('leaves live paths to the live resolver', () => {
    expect(resolveReplayPath('rtsp://h:554/Streaming/Channels/101')).toBeUndefined();
    expect(resolveReplayPath('/replayed')).toBeUndefined();
  });

  it.each([replayPath(''), '/replay/a/b', '/replay/%E0%A4%A'])('answers 404 for %s', (uri) => {
    expect(() => resolveReplayPath(uri)).toThrow(RtspError);
  });
});
