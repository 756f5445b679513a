import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import {
  RTP_HEADER_BYTES,
  type RtpHeader,
  createRtpHeaderTemplate,
  decodeRtpPacket,
  encodeRtpHeader,
  patchRtpHeader,
  writeRtpHeader,
} from './rtp-header.ts';

const base: RtpHeader = {
  marker: false,
  payloadType: 96,
  sequenceNumber: 0,
  timestamp: 0,
  ssrc: 0,
  padding: false,
  csrcs: [],
  extension: undefined,
};
const cases: { name: string; header: RtpHeader; bytes: string }[] = [
  {
    name: 'plain',
    header: { ...base, sequenceNumber: 0x1234, timestamp: 0x89abcdef, ssrc: 0xdeadbeef },
    bytes: '8060123489abcdefdeadbeef',
  },
  {
    name: 'marker',
    header: { ...base, marker: true, sequenceNumber: 65535, timestamp: 1, ssrc: 2 },
    bytes: '80e0ffff0000000100000002',
  },
  { name: 'CSRCs', header: { ...base, csrcs: [1, 0xffffffff] }, bytes: '82600000000000000000000000000001ffffffff' },
  {
    name: 'extension',
    header: { ...base, extension: { profile: 0xbede, data: Buffer.from('01020304', 'hex') } },
    bytes: '906000000000000000000000bede000101020304',
  },
];

describe('RTP header', () => {
  it.each(cases)('encodes $name', ({ header, bytes }) => {
    expect(encodeRtpHeader(header).toString('hex')).toBe(bytes);
  });

  it.each(cases)('decodes $name', ({ header, bytes }) => {
    const packet = Buffer.concat([Buffer.from(bytes, 'hex'), Buffer.from('aabb', 'hex')]);
    const copy = Buffer.from(packet);
    const decoded = decodeRtpPacket(packet);
    expect(decoded.header).toEqual(header);
    expect(decoded.payload.toString('hex')).toBe('aabb');
    expect(packet.equals(copy)).toBe(true);
  });

  it('strips padding', () => {
    const packet = Buffer.from('a060000100000002000000030102030400000003', 'hex');
    expect(decodeRtpPacket(packet).payload.toString('hex')).toBe('0102030400');
  });

  it.each([
    { name: 'short', bytes: '8060' },
    { name: 'version 1', bytes: '4060123489abcdefdeadbeef' },
    { name: 'CSRC count overruns', bytes: '8f60123489abcdefdeadbeef' },
    { name: 'extension overruns', bytes: '906000000000000000000000bede0009' },
    { name: 'padding longer than payload', bytes: 'a06000000000000000000000aa09' },
    { name: 'zero padding', bytes: 'a06000000000000000000000aa00' },
  ])('rejects $name', ({ bytes }) => {
    expect(() => decodeRtpPacket(Buffer.from(bytes, 'hex'))).toThrow(ParseError);
  });

  it('patches a template in place, as a session does per packet', () => {
    const template = createRtpHeaderTemplate(96, 0xcafebabe);
    patchRtpHeader(template, 0, true, 70_000, 2 ** 32 + 5);
    expect(decodeRtpPacket(template).header).toEqual({
      ...base,
      marker: true,
      sequenceNumber: 70_000 & 0xffff,
      timestamp: 5,
      ssrc: 0xcafebabe,
    });
    patchRtpHeader(template, 0, false, 1, 2);
    expect(decodeRtpPacket(template).header).toEqual({ ...base, sequenceNumber: 1, timestamp: 2, ssrc: 0xcafebabe });
    const frame = Buffer.alloc(4 + RTP_HEADER_BYTES);
    writeRtpHeader(frame, 4, 97, true, 9, 10, 11);
    expect(decodeRtpPacket(frame.subarray(4)).header).toEqual({
      ...base,
      payloadType: 97,
      marker: true,
      sequenceNumber: 9,
      timestamp: 10,
      ssrc: 11,
    });
  });

  it('round-trips any header', () => {
    const header = fc.record({
      marker: fc.boolean(),
      payloadType: fc.integer({ min: 0, max: 127 }),
      sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
      timestamp: fc.integer({ min: 0, max: 0xffffffff }),
      ssrc: fc.integer({ min: 0, max: 0xffffffff }),
      padding: fc.constant(false),
      csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
      extension: fc.option(
        fc.record({
          profile: fc.integer({ min: 0, max: 0xffff }),
          data: fc.uint8Array({ maxLength: 3 }).map((b) => Buffer.alloc(b.length * 4, b[0] ?? 0)),
        }),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 20 }), (h, payload) => {
        const decoded = decodeRtpPacket(Buffer.concat([encodeRtpHeader(h), payload]));
        expect(decoded.header).toEqual(h);
        expect(decoded.payload.equals(Buffer.from(payload))).toBe(true);
      }),
    );
  });

  it('gives a packet or a ParseError for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => {
        try {
          decodeRtpPacket(Buffer.from(bytes));
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
    );
  });
});
