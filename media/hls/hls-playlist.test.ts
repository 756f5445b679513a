import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { parseHlsPlaylist, type HlsPlaylist } from './hls-playlist.ts';

const cases: { name: string; text: string; playlist: HlsPlaylist }[] = [
  {
    name: 'a live media playlist as ffmpeg writes it',
    text: '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:41\n#EXTINF:1.000000,\nseg41.ts\n#EXTINF:0.960000,\nseg42.ts\n',
    playlist: {
      kind: 'media',
      targetDurationS: 1,
      mediaSequence: 41,
      ended: false,
      segments: [
        { sequence: 41, uri: 'seg41.ts', durationS: 1 },
        { sequence: 42, uri: 'seg42.ts', durationS: 0.96 },
      ],
    },
  },
  {
    name: 'an ended playlist with CRLF lines, a BOM and unknown tags',
    text: '\uFEFF#EXTM3U\r\n#EXT-X-TARGETDURATION:2\r\n#EXT-X-PROGRAM-DATE-TIME:2026-12-06T07:00:00Z\r\n#EXTINF:2,title\r\nhttp://h/a.ts\r\n#EXT-X-ENDLIST\r\n',
    playlist: {
      kind: 'media',
      targetDurationS: 2,
      mediaSequence: 0,
      ended: true,
      segments: [{ sequence: 0, uri: 'http://h/a.ts', durationS: 2 }],
    },
  },
  {
    name: 'fragmented MP4 segments behind #EXT-X-MAP',
    text: '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:1,\nseg1.m4s\n',
    playlist: {
      kind: 'media',
      targetDurationS: 1,
      mediaSequence: 0,
      ended: false,
      initSegment: 'init.mp4',
      segments: [{ sequence: 0, uri: 'seg1.m4s', durationS: 1 }],
    },
  },
  {
    name: 'a master playlist',
    text: '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nlow/index.m3u8\n#EXT-X-STREAM-INF:RESOLUTION=1920x1080\nhigh/index.m3u8\n',
    playlist: { kind: 'master', variants: [{ uri: 'low/index.m3u8', bandwidth: 800_000 }, { uri: 'high/index.m3u8' }] },
  },
];

describe('parseHlsPlaylist', () => {
  it.each(cases)('$name', ({ text, playlist }) => {
    expect(parseHlsPlaylist(text)).toEqual(playlist);
  });

  it.each([
    ['no #EXTM3U', 'seg.ts\n', /first line is not #EXTM3U/],
    ['a URI without #EXTINF', '#EXTM3U\n#EXT-X-TARGETDURATION:1\nseg.ts\n', /line 3: URI 'seg.ts' follows neither/],
    [
      'a bad duration',
      '#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:abc,\nseg.ts\n',
      /line 3: #EXTINF duration: expected a decimal/,
    ],
    ['no target duration', '#EXTM3U\n#EXTINF:1,\nseg.ts\n', /without #EXT-X-TARGETDURATION/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseHlsPlaylist(text)).toThrow(message);
  });

  it('any text gives a playlist or a ParseError', () => {
    const lines = fc.constantFrom(
      '#EXTM3U',
      '#EXTINF:1,',
      '#EXTINF:x',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:7',
      '#EXT-X-STREAM-INF:BANDWIDTH=1',
      '#EXT-X-ENDLIST',
      'a.ts',
      '',
      '#',
    );
    const text = fc.oneof(
      fc.array(fc.oneof(lines, fc.string()), { maxLength: 12 }).map((l) => l.join('\n')),
      fc.string(),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          parseHlsPlaylist(t);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
