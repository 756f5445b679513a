import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { H264Depacketizer } from './h264-depacketizer.ts';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('H264Depacketizer', () => {
  it.each([
    { name: 'single NAL unit', payloads: ['6588aa'], nals: ['6588aa'] },
    {
      name: 'STAP-A (what ffmpeg and many cameras send for SPS+PPS)',
      payloads: ['180003674d40000268ee'],
      nals: ['674d40', '68ee'],
    },
    {
      name: 'FU-A start, middle, end',
      payloads: ['7c850102', '7c050304', '7c4505'],
      nals: ['6501020304 05'.replace(' ', '')],
    },
    {
      name: 'a new start abandons an unfinished FU-A',
      payloads: ['7c850102', '7c85aabb', '7c45cc'],
      nals: ['65aabbcc'],
    },
  ])('reassembles $name', ({ payloads, nals }) => {
    const d = new H264Depacketizer();
    const inputs = payloads.map(hex);
    const copies = inputs.map((p) => Buffer.from(p));
    const out = inputs.flatMap((p) => [...d.push(p)]);
    expect(out.map((n) => n.toString('hex'))).toEqual(nals);
    expect(inputs).toEqual(copies);
  });

  it('counts an abandoned fragment run and recovers at the next start', () => {
    const d = new H264Depacketizer();
    d.push(hex('7c850102'));
    d.reset();
    expect(d.fragmentsDroppedTotal).toBe(1);
    expect(() => d.push(hex('7c4505'))).toThrow(ParseError);
    expect(d.push(hex('7cc50a')).map((n) => n.toString('hex'))).toEqual(['650a']);
  });

  it.each([
    { name: 'empty payload', payload: '' },
    { name: 'continuation without start', payload: '7c0501' },
    { name: 'FU-A without data', payload: '7c85' },
    { name: 'STAP-A size overrun', payload: '180009674d' },
    { name: 'STAP-A zero size', payload: '180000' },
    { name: 'STAP-B (interleaved mode)', payload: '19000102' },
    { name: 'type 0', payload: '0001' },
  ])('rejects $name', ({ payload }) => {
    expect(() => new H264Depacketizer().push(hex(payload))).toThrow(ParseError);
  });

  it('gives NAL units or a ParseError for any payload sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (payloads) => {
        const d = new H264Depacketizer();
        for (const p of payloads) {
          try {
            for (const nal of d.push(Buffer.from(p))) expect(nal.length).toBeGreaterThan(0);
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        }
      }),
    );
  });
});
