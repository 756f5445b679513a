import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { readSdpVideoTrack, type SdpVideoTrack } from './sdp-video-track.ts';

const cases: { name: string; sdp: string; track: SdpVideoTrack }[] = [
  {
    name: 'a camlab camera',
    sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\na=control:*\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\na=control:trackID=0\r\n',
    track: { codec: 'h264', payloadType: 96, clockRate: 90_000, control: 'trackID=0' },
  },
  {
    name: 'audio first, H.265 video with an absolute control URL (LF only)',
    sdp: 'v=0\ns=x\nm=audio 0 RTP/AVP 0\na=control:audio\nm=video 0 RTP/AVP 97 98\na=rtpmap:97 JPEG/90000\na=rtpmap:98 h265/90000\na=control:rtsp://h/s/video\n',
    track: { codec: 'h265', payloadType: 98, clockRate: 90_000, control: 'rtsp://h/s/video' },
  },
  {
    name: 'no control attribute',
    sdp: 'v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n',
    track: { codec: 'h264', payloadType: 96, clockRate: 90_000 },
  },
];

describe('readSdpVideoTrack', () => {
  it.each(cases)('$name', ({ sdp, track }) => {
    expect(readSdpVideoTrack(sdp)).toEqual(track);
  });

  it('refuses a description without H.264 or H.265 video', () => {
    expect(() => readSdpVideoTrack('v=0\nm=video 0 RTP/AVP 26\na=rtpmap:26 JPEG/90000\n')).toThrow(
      /no H.264 or H.265 video track/,
    );
  });

  it('any text gives a track or a ParseError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...cases.map((c) => c.sdp)).chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
          fc.string(),
        ),
        (sdp) => {
          try {
            readSdpVideoTrack(sdp);
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        },
      ),
    );
  });
});
