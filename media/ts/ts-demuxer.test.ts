import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { TS_PACKET_BYTES, TsDemuxer, type TsPes } from './ts-demuxer.ts';
import { AUDIO_PID, packets, pat, pes, pmt, PMT_PID, section, VIDEO_PID } from './ts-fixture.ts';

const au1 = Buffer.concat([
  Buffer.from('0000000109f0', 'hex'),
  Buffer.from('00000001', 'hex'),
  Buffer.from('06050311223380', 'hex'),
  Buffer.from('00000001', 'hex'),
  Buffer.alloc(400, 0x65),
]);
const au2 = Buffer.concat([Buffer.from('0000000109f0', 'hex'), Buffer.from('00000001', 'hex'), Buffer.alloc(30, 0x41)]);
const aac = Buffer.alloc(50, 0xaa);

const cases: { name: string; stream: Buffer; pes: TsPes[]; dropped?: number }[] = [
  {
    name: 'PAT, PMT, two video PES across packets, one audio PES with a length',
    stream: Buffer.concat([
      ...packets(0, pat),
      ...packets(PMT_PID, pmt),
      ...packets(VIDEO_PID, pes(0xe0, 126_000, au1), 0, { pcrFirst: true }),
      ...packets(AUDIO_PID, pes(0xc0, 125_000, aac, true)),
      ...packets(VIDEO_PID, pes(0xe0, 129_600, au2), 3),
    ]),
    // The audio PES ends at its declared length; a video PES only where the next one starts.
    pes: [
      { pid: AUDIO_PID, streamType: 0x0f, pts: 125_000, data: aac },
      { pid: VIDEO_PID, streamType: 0x1b, codec: 'h264', pts: 126_000, data: au1 },
      { pid: VIDEO_PID, streamType: 0x1b, codec: 'h264', pts: 129_600, data: au2 },
    ],
  },
  {
    name: 'a 33-bit PTS past 2^32',
    stream: Buffer.concat([
      ...packets(0, pat),
      ...packets(PMT_PID, pmt),
      ...packets(VIDEO_PID, pes(0xe0, 2 ** 32 + 90_000, au2)),
    ]),
    pes: [{ pid: VIDEO_PID, streamType: 0x1b, codec: 'h264', pts: 2 ** 32 + 90_000, data: au2 }],
  },
  {
    name: 'packets before the PAT are skipped (a segment joined mid-PES)',
    stream: Buffer.concat([
      ...packets(VIDEO_PID, pes(0xe0, 1, au1)),
      ...packets(0, pat),
      ...packets(PMT_PID, pmt),
      ...packets(VIDEO_PID, pes(0xe0, 2, au2), 9),
    ]),
    pes: [{ pid: VIDEO_PID, streamType: 0x1b, codec: 'h264', pts: 2, data: au2 }],
  },
  {
    name: 'a lost packet drops its PES and the next PES is read',
    stream: Buffer.concat([
      ...packets(0, pat),
      ...packets(PMT_PID, pmt),
      ...packets(VIDEO_PID, pes(0xe0, 1, au1)).filter((_, i) => i !== 1),
      ...packets(VIDEO_PID, pes(0xe0, 2, au2), 3),
    ]),
    pes: [{ pid: VIDEO_PID, streamType: 0x1b, codec: 'h264', pts: 2, data: au2 }],
    dropped: 1,
  },
  {
    name: 'H.265 by stream type 0x24, null packets ignored',
    stream: Buffer.concat([
      ...packets(0, pat),
      ...packets(PMT_PID, section(0x02, 1, Buffer.from([0xe1, 0x00, 0xf0, 0, 0x24, 0xe1, 0x00, 0xf0, 0]))),
      ...packets(0x1fff, Buffer.alloc(10)),
      ...packets(VIDEO_PID, pes(0xe0, 7, au2)),
    ]),
    pes: [{ pid: VIDEO_PID, streamType: 0x24, codec: 'h265', pts: 7, data: au2 }],
  },
];

function demuxAll(chunks: readonly Buffer[]): { pes: TsPes[]; dropped: number } {
  const demuxer = new TsDemuxer();
  const out: TsPes[] = [];
  for (const chunk of chunks) out.push(...demuxer.push(chunk));
  out.push(...demuxer.flush());
  return { pes: out, dropped: demuxer.pesDroppedTotal };
}

describe('TsDemuxer', () => {
  it.each(cases)('$name', ({ stream, pes: expected, dropped }) => {
    const copy = Buffer.from(stream);
    const result = demuxAll([stream]);
    expect(result.pes).toEqual(expected);
    expect(result.dropped).toBe(dropped ?? 0);
    expect(stream.equals(copy)).toBe(true);
  });

  it('refuses a packet without the sync byte, and keeps refusing', () => {
    const demuxer = new TsDemuxer();
    const bad = Buffer.concat(packets(0, pat));
    bad[0] = 0x48;
    expect(() => demuxer.push(bad)).toThrow(/lost sync/);
    expect(() => demuxer.push(Buffer.concat(packets(0, pat)))).toThrow(ParseError);
  });

  it('refuses a stream ending inside a packet', () => {
    const demuxer = new TsDemuxer();
    demuxer.push(Buffer.concat(packets(0, pat)).subarray(0, 100));
    expect(() => demuxer.flush()).toThrow(/ends with 100 bytes/);
  });

  it('any split of the bytes gives the same PES packets', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.array(fc.nat(), { maxLength: 12 }), ({ stream }, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(stream.subarray(last, p));
          last = p;
        }
        chunks.push(stream.subarray(last));
        expect(demuxAll(chunks)).toEqual(demuxAll([stream]));
      }),
    );
  });

  it('any bytes give PES packets or a ParseError', () => {
    const seeded = fc.constantFrom(...cases).chain(({ stream }) =>
      fc
        .array(fc.tuple(fc.nat(stream.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 })
        .map((edits) => {
          const b = Buffer.from(stream);
          for (const [at, v] of edits) b[at] = v;
          return b;
        }),
    );
    const random = fc.uint8Array({ maxLength: 4 * TS_PACKET_BYTES }).map((a) => Buffer.from(a));
    fc.assert(
      fc.property(fc.oneof(seeded, random), (bytes) => {
        try {
          demuxAll([bytes]);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
