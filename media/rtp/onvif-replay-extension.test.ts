import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { decodeRtpPacket, encodeRtpHeader } from './rtp-header.ts';
import {
  ONVIF_REPLAY_EXTENSION_BYTES,
  ONVIF_REPLAY_PROFILE,
  type OnvifReplayExtension,
  decodeOnvifReplayExtension,
  encodeOnvifReplayExtension,
  replayFlags,
  writeOnvifReplayExtension,
} from './onvif-replay-extension.ts';

const plain = { cleanPoint: false, endOfSection: false, discontinuity: false, terminal: false };
const cases: { name: string; ext: OnvifReplayExtension; hex: string }[] = [
  // 2009-06-15T11:49:00.440Z, the instant of the spec's Range example.
  {
    name: 'clean point at a capture instant',
    ext: { ...plain, cleanPoint: true, ntpMs: 1_245_066_540_440, cseq: 4 },
    hex: 'abac0003cde0b3ac70a3d70a80040000',
  },
  {
    name: 'first frame after a gap',
    ext: { ...plain, discontinuity: true, ntpMs: 1_790_000_000_000, cseq: 0xff },
    hex: 'abac0003ee5bba000000000020ff0000',
  },
  {
    name: 'last frame of a section and of the stream',
    ext: { ...plain, endOfSection: true, terminal: true, ntpMs: 0, cseq: 0 },
    hex: 'abac000383aa7e800000000050000000',
  },
];

describe('ONVIF replay RTP header extension', () => {
  it.each(cases)('writes $name', ({ ext, hex }) => {
    const buf = Buffer.alloc(ONVIF_REPLAY_EXTENSION_BYTES + 2, 0xee);
    writeOnvifReplayExtension(buf, 1, ext.ntpMs, replayFlags(ext), ext.cseq);
    expect(buf.subarray(1, 1 + ONVIF_REPLAY_EXTENSION_BYTES).toString('hex')).toBe(hex);
    // Nothing outside the 16 bytes is touched.
    expect(buf[0]).toBe(0xee);
    expect(buf[ONVIF_REPLAY_EXTENSION_BYTES + 1]).toBe(0xee);
  });

  it.each(cases)('reads $name back from a whole RTP packet', ({ ext }) => {
    const header = encodeRtpHeader({
      marker: true,
      payloadType: 96,
      sequenceNumber: 1,
      timestamp: 2,
      ssrc: 3,
      padding: false,
      csrcs: [],
      extension: { profile: ONVIF_REPLAY_PROFILE, data: encodeOnvifReplayExtension(ext) },
    });
    const packet = Buffer.concat([header, Buffer.from([0x65, 1, 2])]);
    const copy = Buffer.from(packet);
    const decoded = decodeRtpPacket(packet);
    expect(decoded.payload.toString('hex')).toBe('650102');
    expect(decodeOnvifReplayExtension(decoded.header.extension!)).toEqual(ext);
    expect(packet.equals(copy)).toBe(true);
  });

  it('refuses another profile and short data with a ParseError', () => {
    expect(() => decodeOnvifReplayExtension({ profile: 0xbede, data: Buffer.alloc(12) })).toThrow(ParseError);
    expect(() => decodeOnvifReplayExtension({ profile: ONVIF_REPLAY_PROFILE, data: Buffer.alloc(8) })).toThrow(
      /8 bytes, expected at least 12/,
    );
  });

  it('accepts longer data (later versions may append words) and ignores the must-be-zero bits', () => {
    const data = Buffer.concat([
      encodeOnvifReplayExtension({ ...plain, cleanPoint: true, ntpMs: 5, cseq: 9 }),
      Buffer.alloc(4, 0xff),
    ]);
    data[8] = data[8]! | 0x0f;
    expect(decodeOnvifReplayExtension({ profile: ONVIF_REPLAY_PROFILE, data })).toEqual({
      ...plain,
      cleanPoint: true,
      ntpMs: 5,
      cseq: 9,
    });
  });

  it('round-trips any capture instant to the microsecond, and any flags and CSeq byte', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000_000_000 }).map((us) => us / 1000),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 255 }),
        (ntpMs, cleanPoint, endOfSection, discontinuity, terminal, cseq) => {
          const ext = { ntpMs, cleanPoint, endOfSection, discontinuity, terminal, cseq };
          const back = decodeOnvifReplayExtension({
            profile: ONVIF_REPLAY_PROFILE,
            data: encodeOnvifReplayExtension(ext),
          });
          expect(back).toEqual({ ...ext, ntpMs: back.ntpMs });
          expect(Math.abs(back.ntpMs - ntpMs)).toBeLessThanOrEqual(0.001);
        },
      ),
    );
  });

  it('gives a value or a ParseError for any bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 20 }), (profile, bytes) => {
        try {
          decodeOnvifReplayExtension({ profile, data: Buffer.from(bytes) });
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
    );
  });
});
