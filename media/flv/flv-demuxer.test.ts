import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { FlvDemuxer, type FlvVideoTag } from './flv-demuxer.ts';

const sps = Buffer.from('674d401eda0280bfe5c044000003000400000300c83c58ba80', 'hex');
const pps = Buffer.from('68ee0fc8', 'hex');
const vps265 = Buffer.from('40010c01ffff016000000300900000030000030078959409', 'hex');
const pps265 = Buffer.from('4401c073c189', 'hex');
const sei = Buffer.from('06050311223380', 'hex');
const idr = Buffer.from('6588aabbcc', 'hex');

const header = Buffer.from('464c5601010000000900000000', 'hex'); // FLV v1, video, DataOffset 9, PreviousTagSize0
function tag(type: number, timestampMs: number, data: Buffer): Buffer {
  const out = Buffer.alloc(11 + data.length + 4);
  out[0] = type;
  out.writeUIntBE(data.length, 1, 3);
  out.writeUIntBE(timestampMs & 0xffffff, 4, 3);
  out[7] = timestampMs >>> 24;
  data.copy(out, 11);
  out.writeUInt32BE(11 + data.length, 11 + data.length);
  return out;
}
function lengthPrefixed(nals: Buffer[]): Buffer {
  return Buffer.concat(
    nals.flatMap((n) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(n.length);
      return [length, n];
    }),
  );
}
const avcConfig = Buffer.concat([
  Buffer.from([1, 0x4d, 0x40, 0x1e, 0xff, 0xe1]),
  Buffer.from([0, sps.length]),
  sps,
  Buffer.from([1, 0, pps.length]),
  pps,
]);
const hevcConfig = Buffer.concat([
  Buffer.alloc(21, 0),
  Buffer.from([0x0f, 2]),
  Buffer.from([0x20, 0, 1, 0, vps265.length]),
  vps265,
  Buffer.from([0x22, 0, 1, 0, pps265.length]),
  pps265,
]);

const cases: { name: string; stream: Buffer; tags: FlvVideoTag[] }[] = [
  {
    name: 'AVC sequence header then a key frame with SEI',
    stream: Buffer.concat([
      header,
      tag(18, 0, Buffer.from('02000a6f6e4d65746144617461', 'hex')),
      tag(9, 0, Buffer.concat([Buffer.from([0x17, 0, 0, 0, 0]), avcConfig])),
      tag(8, 0, Buffer.from('af01aabb', 'hex')),
      tag(9, 40, Buffer.concat([Buffer.from([0x17, 1, 0, 0, 80]), lengthPrefixed([sei, idr])])),
    ]),
    tags: [
      { kind: 'sequence-header', codec: 'h264', timestampMs: 0, parameterSets: [sps, pps], nalLengthBytes: 4 },
      { kind: 'nal-units', codec: 'h264', timestampMs: 40, compositionTimeMs: 80, keyframe: true, nals: [sei, idr] },
    ],
  },
  {
    name: 'negative composition time and extended timestamp',
    stream: Buffer.concat([
      header,
      tag(9, 0x01000010, Buffer.concat([Buffer.from([0x27, 1, 0xff, 0xff, 0xd8]), lengthPrefixed([idr])])),
    ]),
    tags: [
      {
        kind: 'nal-units',
        codec: 'h264',
        timestampMs: 0x01000010,
        compositionTimeMs: -40,
        keyframe: false,
        nals: [idr],
      },
    ],
  },
  {
    name: 'legacy HEVC codec id 12 (node-media-server)',
    stream: Buffer.concat([header, tag(9, 0, Buffer.concat([Buffer.from([0x1c, 0, 0, 0, 0]), hevcConfig]))]),
    tags: [
      { kind: 'sequence-header', codec: 'h265', timestampMs: 0, parameterSets: [vps265, pps265], nalLengthBytes: 4 },
    ],
  },
  {
    name: 'Enhanced RTMP hvc1 sequence start and CodedFramesX',
    stream: Buffer.concat([
      header,
      tag(9, 0, Buffer.concat([Buffer.from([0x90]), Buffer.from('hvc1'), hevcConfig])),
      tag(
        9,
        33,
        Buffer.concat([Buffer.from([0x93]), Buffer.from('hvc1'), lengthPrefixed([Buffer.from('2601af', 'hex')])]),
      ),
    ]),
    tags: [
      { kind: 'sequence-header', codec: 'h265', timestampMs: 0, parameterSets: [vps265, pps265], nalLengthBytes: 4 },
      {
        kind: 'nal-units',
        codec: 'h265',
        timestampMs: 33,
        compositionTimeMs: 0,
        keyframe: true,
        nals: [Buffer.from('2601af', 'hex')],
      },
    ],
  },
];

describe('FlvDemuxer', () => {
  it.each(cases)('demuxes $name', ({ stream, tags }) => {
    const copy = Buffer.from(stream);
    expect(new FlvDemuxer().push(stream)).toEqual(tags);
    expect(stream.equals(copy)).toBe(true);
  });

  it.each(cases)('gives the same tags for $name fed in any chunks', ({ stream, tags }) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 8 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const demuxer = new FlvDemuxer();
        const out: FlvVideoTag[] = [];
        for (let i = 1; i < points.length; i++) out.push(...demuxer.push(stream.subarray(points[i - 1], points[i])));
        expect(out).toEqual(tags);
      }),
    );
  });

  it('counts skipped audio and script tags', () => {
    const demuxer = new FlvDemuxer();
    demuxer.push(cases[0]!.stream);
    expect(demuxer.tagsSkippedTotal).toBe(2);
  });

  it.each([
    { name: 'not FLV', stream: Buffer.from('GET / HTTP/1.1\r\n') },
    { name: 'version 2', stream: Buffer.from('464c5602010000000900000000', 'hex') },
    { name: 'huge header', stream: Buffer.from('464c56010100100000', 'hex') },
    {
      name: 'NAL length overrun',
      stream: Buffer.concat([header, tag(9, 0, Buffer.from([0x17, 1, 0, 0, 0, 0, 0, 0, 9, 1]))]),
    },
    { name: 'truncated AVC config', stream: Buffer.concat([header, tag(9, 0, Buffer.from([0x17, 0, 0, 0, 0, 1, 2]))]) },
  ])('rejects $name, and keeps rejecting', ({ stream }) => {
    const demuxer = new FlvDemuxer();
    expect(() => demuxer.push(stream)).toThrow(ParseError);
    expect(() => demuxer.push(header)).toThrow(ParseError);
  });

  it('gives tags or a ParseError for any bytes after a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          new FlvDemuxer().push(Buffer.concat([header, bytes]));
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
    );
  });
});
