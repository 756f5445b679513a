import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeReceiverReport, encodeSenderReport, parseRtcpCompound } from './rtcp-codec.ts';
import { ParseError } from '../../media/errors/parse-error.ts';

describe('RTCP', () => {
  it('round-trips a sender report with its SDES', () => {
    const sr = encodeSenderReport({
      ssrc: 0xdeadbeef,
      ntpMs: 1_700_000_000_123,
      rtpTimestamp: 12345,
      packetCount: 10,
      octetCount: 9000,
      cname: 'cam-1@camlab',
    });
    expect(sr.length % 4).toBe(0);
    const [first, second] = parseRtcpCompound(sr);
    expect(first).toMatchObject({
      type: 'sr',
      ssrc: 0xdeadbeef,
      ntpMs: 1_700_000_000_123,
      rtpTimestamp: 12345,
      packetCount: 10,
      octetCount: 9000,
      reports: [],
    });
    expect(second).toMatchObject({ type: 'sdes' });
  });

  it('round-trips a receiver report', () => {
    const rr = encodeReceiverReport(7, {
      ssrc: 9,
      fractionLost: 0.5,
      cumulativeLost: 3,
      highestSeq: 65_600,
      jitter: 12,
    });
    expect(parseRtcpCompound(rr)).toEqual([
      {
        type: 'rr',
        ssrc: 7,
        reports: [{ ssrc: 9, fractionLost: 0.5, cumulativeLost: 3, highestSeq: 65_600, jitter: 12 }],
      },
    ]);
  });

  it.each([
    ['truncated header', Buffer.from([0x80, 201])],
    ['version 1', Buffer.from([0x40, 201, 0, 1, 0, 0, 0, 0])],
    ['length overruns', Buffer.from([0x80, 201, 0, 9, 0, 0, 0, 0])],
    ['report blocks overrun', Buffer.from([0x81, 201, 0, 1, 0, 0, 0, 0])],
  ])('rejects %s', (_name, buf) => {
    expect(() => parseRtcpCompound(buf)).toThrow(ParseError);
  });

  it('any bytes give packets or a ParseError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (arr) => {
        try {
          parseRtcpCompound(Buffer.from(arr));
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
