import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { depacketizeH264AccessUnit } from './h264-depacketizer.ts';
import { packetizeH264AccessUnit } from './h264-packetizer.ts';
import { MAX_RTP_PAYLOAD_BYTES } from './max-payload.ts';

const filled = (header: number, length: number): Buffer => {
  const nal = Buffer.alloc(length);
  for (let i = 0; i < length; i++) nal[i] = i & 0xff;
  nal[0] = header;
  return nal;
};

const cases: { name: string; nals: Buffer[]; max: number; payloads: string[] }[] = [
  {
    name: 'small NAL units go alone',
    nals: [Buffer.from('674d40', 'hex'), Buffer.from('68ee', 'hex')],
    max: 1400,
    payloads: ['674d40', '68ee'],
  },
  { name: 'exactly the maximum stays single', nals: [filled(0x65, 6)], max: 6, payloads: ['650102030405'] },
  // FU indicator keeps F and NRI (0x60) with type 28; FU header S/E bits with type 5.
  {
    name: 'one byte over splits into FU-A',
    nals: [filled(0x65, 7)],
    max: 6,
    payloads: ['7c8501020304', '7c4505 06'.replace(' ', '')],
  },
  { name: 'three fragments', nals: [filled(0x41, 10)], max: 5, payloads: ['5c81010203', '5c01040506', '5c41070809'] },
];

describe('packetizeH264AccessUnit', () => {
  it.each(cases)('packetizes $name', ({ nals, max, payloads }) => {
    const copies = nals.map((n) => Buffer.from(n));
    expect(packetizeH264AccessUnit(nals, max).map((p) => p.toString('hex'))).toEqual(payloads);
    expect(nals).toEqual(copies);
  });

  it.each(cases)('round-trips $name through the depacketizer', ({ nals, max }) => {
    expect(depacketizeH264AccessUnit(packetizeH264AccessUnit(nals, max))).toEqual(nals);
  });

  it('keeps payloads within the maximum and round-trips any access unit', () => {
    const nal = fc
      .tuple(fc.integer({ min: 1, max: 23 }), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 5000 }))
      .map(([type, nri, body]) => Buffer.concat([Buffer.from([(nri << 5) | type]), body]));
    fc.assert(
      fc.property(
        fc.array(nal, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 3, max: MAX_RTP_PAYLOAD_BYTES }),
        (nals, max) => {
          const payloads = packetizeH264AccessUnit(nals, max);
          for (const p of payloads) expect(p.length).toBeLessThanOrEqual(max);
          expect(depacketizeH264AccessUnit(payloads)).toEqual(nals);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a maximum with no room for data', () => {
    expect(() => packetizeH264AccessUnit([filled(0x65, 10)], 2)).toThrow(RangeError);
  });
});
