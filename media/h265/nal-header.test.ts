import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { decodeH265NalHeader, encodeH265NalHeader } from './nal-header.ts';

describe('H.265 NAL unit header', () => {
  const cases = [
    { name: 'VPS', bytes: '4001', header: { type: 32, layerId: 0, temporalIdPlusOne: 1 } },
    { name: 'IDR_W_RADL', bytes: '2601', header: { type: 19, layerId: 0, temporalIdPlusOne: 1 } },
    { name: 'FU with layer and temporal id', bytes: '630b', header: { type: 49, layerId: 33, temporalIdPlusOne: 3 } },
  ];
  it.each(cases)('decodes $name', ({ bytes, header }) => {
    expect(decodeH265NalHeader(Buffer.from(bytes, 'hex'))).toEqual(header);
  });
  it.each(cases)('encodes $name', ({ bytes, header }) => {
    const out = Buffer.alloc(2);
    encodeH265NalHeader(header, out, 0);
    expect(out.toString('hex')).toBe(bytes);
  });
  it('rejects a one-byte unit and the forbidden bit', () => {
    expect(() => decodeH265NalHeader(Buffer.from([0x40]))).toThrow(ParseError);
    expect(() => decodeH265NalHeader(Buffer.from([0xc0, 0x01]))).toThrow(ParseError);
  });
  it('round-trips any header', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 0, max: 7 }),
        (type, layerId, tid) => {
          const out = Buffer.alloc(2);
          encodeH265NalHeader({ type, layerId, temporalIdPlusOne: tid }, out, 0);
          expect(decodeH265NalHeader(out)).toEqual({ type, layerId, temporalIdPlusOne: tid });
        },
      ),
    );
  });
});
