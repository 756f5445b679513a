import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addEmulationPrevention, removeEmulationPrevention } from './emulation-prevention.ts';

const cases: { name: string; rbsp: string; nal: string }[] = [
  { name: 'nothing to escape', rbsp: '0102030405', nal: '0102030405' },
  { name: '00 00 00', rbsp: '000000', nal: '00000300' },
  { name: '00 00 01 (a start code)', rbsp: 'aa000001bb', nal: 'aa00000301bb' },
  { name: '00 00 02', rbsp: '000002', nal: '00000302' },
  { name: '00 00 03 itself', rbsp: '000003', nal: '00000303' },
  { name: '00 00 04 needs nothing', rbsp: '000004', nal: '000004' },
  { name: 'two runs', rbsp: '0000010000ff000000', nal: '000003010000ff00000300' },
  { name: 'trailing cabac_zero_word', rbsp: '800000', nal: '80000003' },
  { name: 'single trailing zero', rbsp: '8000', nal: '8000' },
  { name: 'empty', rbsp: '', nal: '' },
];

describe('emulation prevention', () => {
  it.each(cases)('escapes $name', ({ rbsp, nal }) => {
    expect(addEmulationPrevention(Buffer.from(rbsp, 'hex')).toString('hex')).toBe(nal);
  });

  it.each(cases)('unescapes $name', ({ rbsp, nal }) => {
    expect(removeEmulationPrevention(Buffer.from(nal, 'hex')).toString('hex')).toBe(rbsp);
  });

  it('round-trips any RBSP and leaves no start code inside', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const rbsp = Buffer.from(bytes);
        const copy = Buffer.from(rbsp);
        const escaped = addEmulationPrevention(rbsp);
        expect(rbsp.equals(copy)).toBe(true);
        expect(escaped.includes(Buffer.from([0, 0, 1]))).toBe(false);
        expect(escaped.includes(Buffer.from([0, 0, 0]))).toBe(false);
        const escapedCopy = Buffer.from(escaped);
        expect(removeEmulationPrevention(escaped).equals(rbsp)).toBe(true);
        expect(escaped.equals(escapedCopy)).toBe(true);
      }),
    );
  });
});
