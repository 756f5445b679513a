import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { BitReader } from './bit-reader.ts';

// Exp-Golomb code words from H.264 Table 9-2, written MSB-first.
const ueCases: { bits: string; ue: number; se: number }[] = [
  { bits: '1', ue: 0, se: 0 },
  { bits: '010', ue: 1, se: 1 },
  { bits: '011', ue: 2, se: -1 },
  { bits: '00100', ue: 3, se: 2 },
  { bits: '00101', ue: 4, se: -2 },
  { bits: '00111', ue: 6, se: -3 },
  { bits: '0001000', ue: 7, se: 4 },
  { bits: '000000011111111', ue: 254, se: -127 },
];

function fromBits(bits: string): Buffer {
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
  const out = Buffer.alloc(padded.length / 8);
  for (let i = 0; i < padded.length; i++) {
    if (padded[i] === '1') out[i >> 3] = (out[i >> 3] as number) | (0x80 >> (i & 7));
  }
  return out;
}

describe('BitReader', () => {
  it.each(ueCases)('reads ue(v) $bits as $ue', ({ bits, ue }) => {
    expect(new BitReader(fromBits(bits)).readUE()).toBe(ue);
  });

  it.each(ueCases)('reads se(v) $bits as $se', ({ bits, se }) => {
    expect(new BitReader(fromBits(bits)).readSE()).toBe(se);
  });

  it('reads fixed-width fields across byte boundaries', () => {
    const r = new BitReader(Buffer.from([0b10110011, 0b01010101, 0xff, 0xff, 0xff, 0xff]));
    expect(r.readBits(3)).toBe(0b101);
    expect(r.readBits(7)).toBe(0b1001101);
    expect(r.readFlag()).toBe(false);
    expect(r.readBits(32)).toBe(0xafffffff); // 10101 then 27 ones, spanning four bytes
  });

  it('throws ParseError past the end', () => {
    const r = new BitReader(Buffer.from([0xff]));
    r.readBits(8);
    expect(() => r.readBit()).toThrow(ParseError);
    expect(() => new BitReader(Buffer.alloc(8)).readUE()).toThrow(ParseError);
    expect(() => new BitReader(Buffer.alloc(1)).skipBits(9)).toThrow(ParseError);
  });

  it('gives a value or a ParseError for any bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 16 }),
        fc.array(fc.constantFrom('ue', 'se', 'bits'), { maxLength: 20 }),
        (bytes, ops) => {
          const r = new BitReader(bytes);
          try {
            for (const op of ops) {
              const v = op === 'ue' ? r.readUE() : op === 'se' ? r.readSE() : r.readBits(13);
              expect(Number.isFinite(v)).toBe(true);
            }
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        },
      ),
    );
  });
});
