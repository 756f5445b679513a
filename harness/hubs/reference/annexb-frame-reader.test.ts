import { describe, expect, it } from 'vitest';
import type { VideoCodec } from '../../../media/clip/packetized-clip.ts';
import { encodeSeiNal } from '../../../media/sei/sei-stamp.ts';
import { AnnexBFrameReader, type ReadFrame } from './annexb-frame-reader.ts';

/** NAL units of a tiny stream: parameter sets, then pictures of two slices each, some stamped. */
function stream(codec: VideoCodec, startCode: Buffer): { bytes: Buffer; expected: (number | undefined)[] } {
  const sps = codec === 'h264' ? Buffer.from([0x67, 0x42, 0x00, 0x1e]) : Buffer.from([0x42, 0x01, 0x01, 0x60]);
  const firstSlice =
    codec === 'h264'
      ? Buffer.from([0x65, 0x88, 0x84, 0x00, 0x00, 0x03, 0x01])
      : Buffer.from([0x26, 0x01, 0xaf, 0x00, 0x11]);
  const nextSlice = codec === 'h264' ? Buffer.from([0x65, 0x40, 0x84, 0x21]) : Buffer.from([0x26, 0x01, 0x2f, 0x40]);
  const nals: Buffer[] = [sps];
  const expected: (number | undefined)[] = [];
  for (let frame = 0; frame < 6; frame++) {
    const stamped = frame !== 3;
    if (stamped)
      nals.push(encodeSeiNal(codec, { cameraId: 'slough-001', frame: 1000 + frame, sendTimeMs: 5_000 + frame * 40 }));
    nals.push(firstSlice, nextSlice);
    expected.push(stamped ? 1000 + frame : undefined);
  }
  // Trailing bytes so the last picture's NAL unit is followed by a start code.
  nals.push(sps);
  return { bytes: Buffer.concat(nals.flatMap((n) => [startCode, n])), expected };
}

const cases = [
  { name: 'H.264, 4-byte start codes', codec: 'h264' as const, startCode: Buffer.from([0, 0, 0, 1]) },
  { name: 'H.264, 3-byte start codes', codec: 'h264' as const, startCode: Buffer.from([0, 0, 1]) },
  { name: 'H.265, 4-byte start codes', codec: 'h265' as const, startCode: Buffer.from([0, 0, 0, 1]) },
];

describe('AnnexBFrameReader', () => {
  it.each(cases)('$name: one frame per picture with its stamp, however the bytes are cut', ({ codec, startCode }) => {
    const { bytes, expected } = stream(codec, startCode);
    const original = Buffer.from(bytes);
    for (const chunkBytes of [1, 2, 3, 5, 7, 64, bytes.length]) {
      const frames: ReadFrame[] = [];
      const reader = new AnnexBFrameReader(codec, (f) => frames.push(f));
      for (let i = 0; i < bytes.length; i += chunkBytes) reader.push(bytes.subarray(i, i + chunkBytes));
      expect(
        frames.map((f) => f.stamp?.frame),
        `chunks of ${chunkBytes}`,
      ).toEqual(expected);
      expect(frames.find((f) => f.stamp !== undefined)?.stamp?.cameraId).toBe('slough-001');
    }
    expect(bytes.equals(original)).toBe(true);
  });

  it('counts pictures of a stream whose SEI was stripped, each without a stamp', () => {
    const { bytes } = stream('h264', Buffer.from([0, 0, 0, 1]));
    const frames: ReadFrame[] = [];
    const reader = new AnnexBFrameReader('h264', (f) => frames.push(f));
    // Random bytes before the first start code are not a NAL unit.
    reader.push(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    reader.push(bytes);
    expect(frames).toHaveLength(6);
  });

  it('gives each picture the digest of its slices once the next starts: the same picture, the same digest, however cut', () => {
    const { bytes } = stream('h264', Buffer.from([0, 0, 0, 1]));
    // The same stream with one byte of the fourth picture's second slice changed.
    const changed = Buffer.from(bytes);
    const slice = Buffer.from([0x65, 0x40, 0x84, 0x21]);
    let at = -1;
    for (let i = 0; i < 4; i++) at = changed.indexOf(slice, at + 1);
    changed[at + 3] = 0x22;
    for (const chunkBytes of [1, 5, bytes.length]) {
      const digests = (b: Buffer) => {
        const out: string[] = [];
        const reader = new AnnexBFrameReader(
          'h264',
          () => undefined,
          (d) => out.push(d),
        );
        for (let i = 0; i < b.length; i += chunkBytes) reader.push(b.subarray(i, i + chunkBytes));
        return out;
      };
      const same = digests(bytes);
      // The sixth picture is not over until a seventh starts.
      expect(same, `chunks of ${chunkBytes}`).toHaveLength(5);
      expect(new Set(same).size).toBe(1);
      const other = digests(changed);
      expect(
        other.filter((d) => d !== same[0]),
        `chunks of ${chunkBytes}`,
      ).toHaveLength(1);
      expect(other[3]).not.toBe(same[0]);
    }
  });
});
