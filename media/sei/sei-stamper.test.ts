import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSeiNal, encodeSeiNal } from './sei-stamp.ts';
import type { SeiStamp } from './sei-stamp.ts';
import { SeiStamper } from './sei-stamper.ts';

const codecs = ['h264', 'h265'] as const;

// Counters and times that put 00 00 0x runs in the stamp (emulation prevention), besides random ones.
const frames = fc.oneof(
  fc.constantFrom(0, 1, 3, 0x100, 0x300, 0x10000, 0x30000, 0x3ffff, 0x40000, 0x1000000, 0xffffffff),
  fc.integer({ min: 0, max: 0xffff }),
  fc.integer({ min: 0, max: 0xffffffff }),
);
const times = fc.oneof(
  fc.constantFrom(0, -0, 1, 3, 1_765_000_000_000, 1_765_000_000_016, 2 ** 40, -1),
  fc.integer({ min: 0, max: 2 ** 45 }),
  fc.double({ noNaN: true }),
);
const ptzs = fc.option(
  fc.record({
    pan: fc.oneof(fc.constantFrom(0, 1, -1), fc.double({ noNaN: true })),
    tilt: fc.oneof(fc.constantFrom(0, 0.5), fc.double({ noNaN: true })),
    zoom: fc.oneof(fc.constantFrom(0, 1), fc.double({ noNaN: true })),
  }),
  { nil: undefined },
);
// Ids of any length the stamp holds (255 bytes and 0xFF-coded payload sizes included), with zero and low bytes.
const ids = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u0003', 'a'), maxLength: 12 }),
  fc.constantFrom('', 'x'.repeat(255), 'é'.repeat(127), 'bench-1999'),
);

describe('SeiStamper', () => {
  for (const codec of codecs) {
    it(`${codec}: writes exactly encodeSeiNal's bytes, stamp after stamp`, () => {
      fc.assert(
        fc.property(ids, fc.array(fc.tuple(frames, times, ptzs), { minLength: 1, maxLength: 8 }), (id, seq) => {
          const stamper = new SeiStamper(codec, id);
          // Another camera stamping in between (they share the output buffer) must leave no trace.
          const other = new SeiStamper(codec, 'x'.repeat(200));
          for (const [frame, sendTimeMs, ptz] of seq) {
            other.stamp(0, 0, { pan: 0, tilt: 0, zoom: 0 });
            const stamp: SeiStamp =
              ptz === undefined ? { cameraId: id, frame, sendTimeMs } : { cameraId: id, frame, sendTimeMs, ptz };
            const fast = stamper.stamp(frame, sendTimeMs, ptz);
            expect(fast.equals(encodeSeiNal(codec, stamp))).toBe(true);
            expect(decodeSeiNal(codec, fast)).toEqual(stamp);
          }
        }),
        { numRuns: 500 },
      );
    });
  }

  it('escapes a counter whose leading bytes are zero, as the reference does', () => {
    const stamper = new SeiStamper('h264', 'cam-0001');
    const nal = stamper.stamp(5, 1_765_000_000_000);
    const reference = encodeSeiNal('h264', { cameraId: 'cam-0001', frame: 5, sendTimeMs: 1_765_000_000_000 });
    expect(nal.equals(reference)).toBe(true);
    // The unescaped stamp is 1 + 1 + 1 + 16 + 14 + 1 + 8 + 1 bytes; the counter's 00 00 00 took an 03.
    expect(nal.length).toBe(44);
  });

  it('reuses one buffer for every stamper: a stamp is valid until the next one', () => {
    const stamper = new SeiStamper('h264', 'cam-0001');
    const first = stamper.stamp(0x12345678, 10);
    const kept = Buffer.from(first);
    new SeiStamper('h264', 'cam-0002').stamp(1, 2);
    stamper.stamp(0x12345679, 50);
    expect(decodeSeiNal('h264', kept)?.frame).toBe(0x12345678);
    expect(decodeSeiNal('h264', first)?.frame).toBe(0x12345679);
  });

  it('rejects what encodeSeiNal rejects', () => {
    expect(() => new SeiStamper('h264', 'x'.repeat(256))).toThrow(RangeError);
    const stamper = new SeiStamper('h265', 'c');
    for (const frame of [-1, 0x1_0000_0000, 1.5, Number.NaN]) expect(() => stamper.stamp(frame, 0)).toThrow(RangeError);
  });
});
