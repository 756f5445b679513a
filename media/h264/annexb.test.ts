import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addEmulationPrevention } from '../bits/emulation-prevention.ts';
import { ParseError } from '../errors/parse-error.ts';
import { joinAnnexB, splitAnnexB } from './annexb.ts';

const cases: { name: string; stream: string; nals: string[] }[] = [
  { name: '4-byte start codes', stream: '00000001674d 0000000168ee', nals: ['674d', '68ee'] },
  { name: '3-byte start codes', stream: '000001674d 00000168ee', nals: ['674d', '68ee'] },
  { name: 'mixed start codes', stream: '00000001 09f0 000001 6588', nals: ['09f0', '6588'] },
  { name: 'leading zero bytes', stream: '0000000000000001 6588', nals: ['6588'] },
  { name: 'trailing_zero_8bits', stream: '000001 6588 0000 00000001 4101', nals: ['6588', '4101'] },
  { name: 'empty NAL units between start codes', stream: '000001 000001 6588', nals: ['6588'] },
  { name: 'start code at the very end', stream: '000001 6588 000001', nals: ['6588'] },
  { name: 'nothing', stream: '', nals: [] },
  { name: 'only zeros', stream: '000000', nals: [] },
];
const hex = (s: string): Buffer => Buffer.from(s.replaceAll(' ', ''), 'hex');

describe('splitAnnexB', () => {
  it.each(cases)('splits $name', ({ stream, nals }) => {
    const input = hex(stream);
    const copy = Buffer.from(input);
    expect(splitAnnexB(input).map((n) => n.toString('hex'))).toEqual(nals);
    expect(input.equals(copy)).toBe(true);
  });

  it.each([
    { name: 'no start code', stream: '6588aa' },
    { name: 'bytes before the first start code', stream: '65 00000001 6588' },
  ])('rejects $name', ({ stream }) => {
    expect(() => splitAnnexB(hex(stream))).toThrow(ParseError);
  });

  it('joins what it splits (table)', () => {
    for (const { nals } of cases) {
      expect(splitAnnexB(joinAnnexB(nals.map((n) => hex(n)))).map((n) => n.toString('hex'))).toEqual(nals);
    }
  });

  it('round-trips any escaped NAL units', () => {
    // A NAL unit never contains a start code (emulation prevention) and never ends in 00 (RBSP stop bit).
    const nal = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => {
      const escaped = addEmulationPrevention(Buffer.from(bytes));
      return escaped[escaped.length - 1] === 0 ? Buffer.concat([escaped, Buffer.from([0x80])]) : Buffer.from(escaped);
    });
    fc.assert(
      fc.property(fc.array(nal, { maxLength: 12 }), (nals) => {
        expect(splitAnnexB(joinAnnexB(nals))).toEqual(nals);
      }),
    );
  });

  it('gives NAL units or a ParseError for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          for (const nal of splitAnnexB(Buffer.from(bytes))) {
            expect(nal.length).toBeGreaterThan(0);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
    );
  });
});
