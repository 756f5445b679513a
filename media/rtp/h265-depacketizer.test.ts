import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { H265Depacketizer } from './h265-depacketizer.ts';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('H265Depacketizer', () => {
  it.each([
    { name: 'single NAL unit', payloads: ['2601af'], nals: ['2601af'] },
    { name: 'two-byte NAL unit (end of sequence)', payloads: ['4801'], nals: ['4801'] },
    { name: 'aggregation packet', payloads: ['60010003400100000444010203'], nals: ['400100', '44010203'] },
    { name: 'FU start, middle, end', payloads: ['62019301', '62011302', '62015303'], nals: ['2601010203'] },
  ])('reassembles $name', ({ payloads, nals }) => {
    const d = new H265Depacketizer();
    const inputs = payloads.map(hex);
    const copies = inputs.map((p) => Buffer.from(p));
    expect(inputs.flatMap((p) => [...d.push(p)]).map((n) => n.toString('hex'))).toEqual(nals);
    expect(inputs).toEqual(copies);
  });

  it.each([
    { name: 'one byte', payload: '26' },
    { name: 'forbidden bit', payload: 'a601af' },
    { name: 'continuation without start', payload: '62011302' },
    { name: 'FU without data', payload: '620193' },
    { name: 'aggregated unit overrun', payload: '600100094001' },
    { name: 'PACI (type 50)', payload: '640100' },
  ])('rejects $name', ({ payload }) => {
    expect(() => new H265Depacketizer().push(hex(payload))).toThrow(ParseError);
  });

  it('gives NAL units or a ParseError for any payload sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (payloads) => {
        const d = new H265Depacketizer();
        for (const p of payloads) {
          try {
            for (const nal of d.push(Buffer.from(p))) expect(nal.length).toBeGreaterThan(1);
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        }
      }),
    );
  });
});
