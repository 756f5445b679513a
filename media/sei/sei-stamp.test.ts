import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { removeEmulationPrevention } from '../bits/emulation-prevention.ts';
import { ParseError } from '../errors/parse-error.ts';
import { joinAnnexB, splitAnnexB } from '../h264/annexb.ts';
import { type SeiStamp, decodeSeiNal, encodeSeiNal, findSeiStamps } from './sei-stamp.ts';

const cases: { name: string; stamp: SeiStamp }[] = [
  { name: 'plain', stamp: { cameraId: 'cam-0001', frame: 0, sendTimeMs: 1_700_000_000_123.5 } },
  {
    name: 'frame counter with zero bytes (needs emulation prevention)',
    stamp: { cameraId: 'c', frame: 0x00000100, sendTimeMs: 0 },
  },
  {
    name: 'PTZ position',
    stamp: { cameraId: 'slough-ptz-07', frame: 0xffffffff, sendTimeMs: 42, ptz: { pan: -0.5, tilt: 1, zoom: 0.25 } },
  },
  { name: 'unicode id', stamp: { cameraId: 'Caméra Nord', frame: 7, sendTimeMs: -1 } },
  {
    name: 'longest id (payload size coded with 0xFF)',
    stamp: { cameraId: 'x'.repeat(255), frame: 1, sendTimeMs: 2, ptz: { pan: 0, tilt: 0, zoom: 0 } },
  },
  { name: 'empty id', stamp: { cameraId: '', frame: 3, sendTimeMs: 4 } },
  {
    name: 'replayed frame (capture instant)',
    stamp: { cameraId: 'edge-cam-3', frame: 12, sendTimeMs: 1_790_000_000_040, replayed: true },
  },
  {
    name: 'replayed frame with PTZ position',
    stamp: { cameraId: 'ptz-1', frame: 0, sendTimeMs: 5, ptz: { pan: 0.1, tilt: 0.2, zoom: 0.3 }, replayed: true },
  },
];

// The SEI x264 writes into its first frame (user_data_unregistered with x264's UUID), shortened.
const x264Sei = Buffer.from('0605' + '18' + 'dc45e9bde6d948b7962cd820d923eeef' + '783236342d636f72' + '80', 'hex');

describe('SEI stamp', () => {
  for (const codec of ['h264', 'h265'] as const) {
    it.each(cases)(`${codec}: round-trips $name`, ({ stamp }) => {
      const nal = encodeSeiNal(codec, stamp);
      const copy = Buffer.from(nal);
      expect(decodeSeiNal(codec, nal)).toEqual(stamp);
      expect(nal.equals(copy)).toBe(true);
      // A NAL unit must never contain a start code, or Annex-B readers would cut it.
      expect(splitAnnexB(joinAnnexB([nal]))).toEqual([nal]);
    });
  }

  it('keeps live stamps byte for byte as before the replayed flag (flags byte 0, or 1 with PTZ)', () => {
    // Compared as RBSP: a zero flags byte next to zero counter bytes takes an emulation prevention byte.
    const live = removeEmulationPrevention(encodeSeiNal('h264', cases[0]!.stamp));
    const replayed = removeEmulationPrevention(encodeSeiNal('h264', { ...cases[0]!.stamp, replayed: true }));
    expect(live.length).toBe(replayed.length);
    const differing = [...live.keys()].filter((i) => live[i] !== replayed[i]);
    // Only the flags byte differs: header 1 + type 1 + size 1 + UUID 16 + version 1 = offset 20.
    expect(differing).toEqual([20]);
    expect(live[20]).toBe(0);
    expect(replayed[20]).toBe(2);
    expect(decodeSeiNal('h264', live)).not.toHaveProperty('replayed');
  });

  it('writes an H.264 SEI (type 6) and an H.265 prefix SEI (type 39)', () => {
    expect(encodeSeiNal('h264', cases[0]!.stamp)[0]).toBe(0x06);
    expect(encodeSeiNal('h265', cases[0]!.stamp).subarray(0, 2).toString('hex')).toBe('4e01');
  });

  it('returns each call a fresh buffer (sessions keep it while sending)', () => {
    const a = encodeSeiNal('h264', cases[0]!.stamp);
    const before = Buffer.from(a);
    encodeSeiNal('h264', cases[2]!.stamp);
    expect(a.equals(before)).toBe(true);
  });

  it.each([
    { name: "x264's own SEI", nal: x264Sei },
    { name: 'a slice', nal: Buffer.from('6588aa', 'hex') },
    { name: 'a bare SEI header', nal: Buffer.from('06', 'hex') },
  ])('ignores $name', ({ nal }) => {
    expect(decodeSeiNal('h264', nal)).toBeUndefined();
  });

  it('finds our stamp after a foreign SEI message in the same NAL unit', () => {
    const ours = encodeSeiNal('h264', cases[0]!.stamp);
    const combined = Buffer.concat([x264Sei.subarray(0, x264Sei.length - 1), ours.subarray(1)]);
    expect(decodeSeiNal('h264', combined)).toEqual(cases[0]!.stamp);
  });

  it.each([
    { name: 'payload overruns', nal: '0605ff' },
    { name: 'header ends early', nal: '06ffff' },
    { name: 'wrong version', nal: '0605' + '1f' + '395a55166bff496f9eea31277076f5f5' + '09' + '00'.repeat(14) + '80' },
  ])('rejects a malformed SEI: $name', ({ nal }) => {
    expect(() => decodeSeiNal('h264', Buffer.from(nal, 'hex'))).toThrow(ParseError);
  });

  it('refuses stamps it cannot carry', () => {
    expect(() => encodeSeiNal('h264', { cameraId: 'x'.repeat(256), frame: 0, sendTimeMs: 0 })).toThrow(RangeError);
    expect(() => encodeSeiNal('h264', { cameraId: 'x', frame: -1, sendTimeMs: 0 })).toThrow(RangeError);
  });

  it('finds every stamp in an Annex-B stream, skipping foreign and malformed SEIs', () => {
    const stream = joinAnnexB([
      Buffer.from('674d401e', 'hex'),
      x264Sei,
      encodeSeiNal('h264', cases[0]!.stamp),
      Buffer.from('0605ff', 'hex'),
      Buffer.from('6588aa', 'hex'),
      encodeSeiNal('h264', cases[2]!.stamp),
      Buffer.from('419a01', 'hex'),
    ]);
    expect(findSeiStamps('h264', stream)).toEqual([cases[0]!.stamp, cases[2]!.stamp]);
  });

  it('round-trips any stamp', () => {
    const stamp = fc.record(
      {
        cameraId: fc.string({ maxLength: 60 }),
        frame: fc.integer({ min: 0, max: 0xffffffff }),
        sendTimeMs: fc.double({ noNaN: true }),
        ptz: fc.record({
          pan: fc.double({ noNaN: true }),
          tilt: fc.double({ noNaN: true }),
          zoom: fc.double({ noNaN: true }),
        }),
        replayed: fc.constant(true as const),
      },
      { requiredKeys: ['cameraId', 'frame', 'sendTimeMs'] },
    );
    fc.assert(
      fc.property(fc.constantFrom('h264' as const, 'h265' as const), stamp, (codec, s) => {
        expect(decodeSeiNal(codec, encodeSeiNal(codec, s))).toEqual(s);
      }),
    );
  });

  it('gives a stamp, undefined or a ParseError for any bytes', () => {
    const seed = encodeSeiNal('h264', cases[2]!.stamp);
    const mutated = fc
      .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), fc.nat())
      .map(([edits, cut]) => {
        const nal = Buffer.from(seed);
        for (const [at, value] of edits) nal[1 + (at % (nal.length - 1))] = value;
        return nal.subarray(0, 1 + (cut % nal.length));
      });
    fc.assert(
      fc.property(
        fc.oneof(
          mutated,
          fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.concat([Buffer.from([6]), b])),
        ),
        (nal) => {
          try {
            decodeSeiNal('h264', nal);
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
