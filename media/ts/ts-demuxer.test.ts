import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { TS_PACKET_BYTES, TsDemuxer, type TsPes } from './ts-demuxer.ts';

const PMT_PID = 0x1000;
const VIDEO_PID = 0x100;
const AUDIO_PID = 0x101;

/** Splits `payload` into transport packets of `pid`, padding the last with an adaptation field. */
function packets(pid: number, payload: Buffer, firstCc = 0, opts: { pcrFirst?: boolean } = {}): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  let cc = firstCc;
  do {
    const p = Buffer.alloc(TS_PACKET_BYTES, 0xff);
    p[0] = 0x47;
    p[1] = (offset === 0 ? 0x40 : 0) | (pid >> 8);
    p[2] = pid & 0xff;
    const adaptationMin = offset === 0 && opts.pcrFirst === true ? 8 : 0;
    const room = TS_PACKET_BYTES - 4 - adaptationMin;
    const take = Math.min(room, payload.length - offset);
    const adaptationBytes = TS_PACKET_BYTES - 4 - take;
    if (adaptationBytes > 0) {
      p[3] = 0x30 | (cc & 0x0f);
      p[4] = adaptationBytes - 1;
      if (adaptationBytes > 1) p[5] = adaptationMin > 0 ? 0x10 : 0x00;
    } else {
      p[3] = 0x10 | (cc & 0x0f);
    }
    payload.copy(p, 4 + adaptationBytes, offset, offset + take);
    out.push(p);
    offset += take;
    cc++;
  } while (offset < payload.length);
  return out;
}

/** A PSI section with a pointer_field of 0 and a (not checked) zero CRC. */
function section(tableId: number, id: number, body: Buffer): Buffer {
  const length = 5 + body.length + 4;
  const head = Buffer.from([0, tableId, 0xb0 | (length >> 8), length & 0xff, id >> 8, id & 0xff, 0xc1, 0, 0]);
  return Buffer.concat([head, body, Buffer.alloc(4)]);
}

const pat = section(0x00, 1, Buffer.from([0, 1, 0xe0 | (PMT_PID >> 8), PMT_PID & 0xff]));
const pmt = section(
  0x02,
  1,
  Buffer.from([0xe0 | (VIDEO_PID >> 8), VIDEO_PID & 0xff, 0xf0, 0, 0x1b, 0xe0 | (VIDEO_PID >> 8), VIDEO_PID & 0xff, 0xf0, 0, 0x0f, 0xe0 | (AUDIO_PID >> 8), AUDIO_PID & 0xff, 0xf0, 0]),
);

function pts(ticks: number): Buffer {
  return Buffer.from([
    0x21 | (Math.floor(ticks / 2 ** 30) << 1),
    (Math.floor(ticks / 2 ** 22) & 0xff),
    ((Math.floor(ticks / 2 ** 15) & 0x7f) << 1) | 1,
    (Math.floor(ticks / 2 ** 7) & 0xff),
    ((ticks & 0x7f) << 1) | 1,
  ]);
}

/** A video PES with PTS and no length (as muxers write video), or an audio PES with its length. */
function pes(streamId: number, ptsTicks: number, data: Buffer, withLength = false): Buffer {
  const header = Buffer.concat([Buffer.from([0x80, 0x80, 5]), pts(ptsTicks)]);
  const length = withLength ? header.length + data.length : 0;
  return Buffer.concat([Buffer.from([0, 0, 1, streamId, length >> 8, length & 0xff]), header, data]);
}

const au1 = Buffer.concat([Buffer.from('0000000109f0', 'hex'), Buffer.from('00000001', 'hex'), Buffer.from('06050311223380', 'hex'), Buffer.from('00000001', 'hex'), Buffer.alloc(400, 0x65)]);
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
    stream: Buffer.concat([...packets(0, pat), ...packets(PMT_PID, pmt), ...packets(VIDEO_PID, pes(0xe0, 2 ** 32 + 90_000, au2))]),
    pes: [{ pid: VIDEO_PID, streamType: 0x1b, codec: 'h264', pts: 2 ** 32 + 90_000, data: au2 }],
  },
  {
    name: 'packets before the PAT are skipped (a segment joined mid-PES)',
    stream: Buffer.concat([...packets(VIDEO_PID, pes(0xe0, 1, au1)), ...packets(0, pat), ...packets(PMT_PID, pmt), ...packets(VIDEO_PID, pes(0xe0, 2, au2), 9)]),
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
      fc.array(fc.tuple(fc.nat(stream.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }).map((edits) => {
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
