import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { depacketizeH265AccessUnit } from './h265-depacketizer.ts';
import { packetizeH265AccessUnit } from './h265-packetizer.ts';
import { MAX_RTP_PAYLOAD_BYTES } from './max-payload.ts';

const filled = (b0: number, b1: number, length: number): Buffer => {
  const nal = Buffer.alloc(length);
  for (let i = 0; i < length; i++) nal[i] = i & 0xff;
  nal[0] = b0;
  nal[1] = b1;
  return nal;
};

const cases: { name: string; nals: Buffer[]; max: number; payloads: string[] }[] = [
  {
    name: 'small NAL units go alone',
    nals: [Buffer.from('40010c', 'hex'), Buffer.from('4401c0', 'hex')],
    max: 1400,
    payloads: ['40010c', '4401c0'],
  },
  { name: 'exactly the maximum stays single', nals: [filled(0x26, 0x01, 6)], max: 6, payloads: ['260102030405'] },
  // PayloadHdr type 49 (0x62), TID kept; FU header S/E with type 19 (IDR_W_RADL).
  { name: 'FU split in two', nals: [filled(0x26, 0x01, 8)], max: 6, payloads: ['620193020304', '620153050607'] },
  {
    name: 'FU keeps the layer id bit',
    nals: [filled(0x03, 0x0b, 7)],
    max: 5,
    payloads: ['630b810203', '630b010405', '630b4106'],
  },
];

describe('packetizeH265AccessUnit', () => {
  it.each(cases)('packetizes $name', ({ nals, max, payloads }) => {
    const copies = nals.map((n) => Buffer.from(n));
    expect(packetizeH265AccessUnit(nals, max).map((p) => p.toString('hex'))).toEqual(payloads);
    expect(nals).toEqual(copies);
  });

  it.each(cases)('round-trips $name through the depacketizer', ({ nals, max }) => {
    expect(depacketizeH265AccessUnit(packetizeH265AccessUnit(nals, max))).toEqual(nals);
  });

  it('keeps payloads within the maximum and round-trips any access unit', () => {
    const nal = fc
      .tuple(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.uint8Array({ minLength: 1, maxLength: 5000 }),
      )
      .map(([type, tid, body]) => Buffer.concat([Buffer.from([type << 1, tid]), body]));
    fc.assert(
      fc.property(
        fc.array(nal, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 4, max: MAX_RTP_PAYLOAD_BYTES }),
        (nals, max) => {
          const payloads = packetizeH265AccessUnit(nals, max);
          for (const p of payloads) expect(p.length).toBeLessThanOrEqual(max);
          expect(depacketizeH265AccessUnit(payloads)).toEqual(nals);
        },
      ),
      { numRuns: 200 },
    );
  });
});
