import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseTransport, parseTransportHeader } from './rtsp-transport-header.ts';
import { ParseError } from '../../media/errors/parse-error.ts';

const cases = [
  {
    name: 'TCP interleaved (ffmpeg)',
    header: 'RTP/AVP/TCP;unicast;interleaved=0-1',
    chosen: { transport: 'tcp', interleaved: [0, 1] },
  },
  {
    name: 'UDP unicast (ffmpeg)',
    header: 'RTP/AVP/UDP;unicast;client_port=5000-5001',
    chosen: { transport: 'udp', clientPort: [5000, 5001] },
  },
  {
    name: 'quirk: plain RTP/AVP means UDP',
    header: 'RTP/AVP;unicast;client_port=6970-6971',
    chosen: { transport: 'udp', clientPort: [6970, 6971] },
  },
  {
    name: 'quirk: TCP without channels gets the next pair',
    header: 'RTP/AVP/TCP;unicast',
    chosen: { transport: 'tcp', interleaved: [2, 3] },
  },
  {
    name: 'quirk: single client port implies rtcp = rtp+1',
    header: 'RTP/AVP;unicast;client_port=7000',
    chosen: { transport: 'udp', clientPort: [7000, 7001] },
  },
  {
    name: 'alternatives: multicast skipped, TCP taken',
    header: 'RTP/AVP;multicast, RTP/AVP/TCP;interleaved=4-5',
    chosen: { transport: 'tcp', interleaved: [4, 5] },
  },
  { name: 'multicast only is unsupported', header: 'RTP/AVP;multicast;port=5000-5001', chosen: undefined },
  { name: 'RECORD mode is unsupported', header: 'RTP/AVP/TCP;interleaved=0-1;mode=record', chosen: undefined },
  { name: 'raw UDP is unsupported', header: 'RAW/RAW/UDP;unicast;client_port=1-2', chosen: undefined },
] as const;

describe('Transport header', () => {
  it.each(cases)('$name', ({ header, chosen }) => {
    const got = chooseTransport(parseTransportHeader(header), 2);
    expect(got).toEqual(chosen);
  });

  it.each(['RTP/AVP;client_port=abc', 'RTP/AVP/TCP;interleaved=0-999', 'RTP/AVP;client_port=70000-70001', ';unicast'])(
    'rejects %s',
    (h) => {
      expect(() => parseTransportHeader(h)).toThrow(ParseError);
    },
  );

  it('any string gives specs or a ParseError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        try {
          parseTransportHeader(s);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
