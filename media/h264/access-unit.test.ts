import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleH264AccessUnits } from './access-unit.ts';

// Slice NAL units: header byte, then a first byte whose top bit says first_mb_in_slice == 0.
const nal = {
  aud: '09f0',
  sps: '674d401e',
  pps: '68ee0fc8',
  sei: '0605ff',
  idr: '6588aa', // IDR, first_mb_in_slice 0
  idr2: '65409a', // IDR, first_mb_in_slice > 0 (second slice)
  p: '419a01', // non-IDR, first_mb 0
  p2: '41209a', // non-IDR, second slice
  filler: '0cffff80',
};
type Name = keyof typeof nal;

const cases: { name: string; input: Name[]; units: { nals: Name[]; keyframe: boolean }[] }[] = [
  {
    name: 'x264 key frame then P frames',
    input: ['sps', 'pps', 'sei', 'idr', 'p', 'p'],
    units: [
      { nals: ['sps', 'pps', 'sei', 'idr'], keyframe: true },
      { nals: ['p'], keyframe: false },
      { nals: ['p'], keyframe: false },
    ],
  },
  {
    name: 'multi-slice frames (-tune zerolatency)',
    input: ['sps', 'pps', 'idr', 'idr2', 'idr2', 'p', 'p2', 'p2', 'p', 'p2'],
    units: [
      { nals: ['sps', 'pps', 'idr', 'idr2', 'idr2'], keyframe: true },
      { nals: ['p', 'p2', 'p2'], keyframe: false },
      { nals: ['p', 'p2'], keyframe: false },
    ],
  },
  {
    name: 'access unit delimiters are boundaries and are dropped',
    input: ['aud', 'sps', 'pps', 'idr', 'aud', 'p', 'aud', 'p'],
    units: [
      { nals: ['sps', 'pps', 'idr'], keyframe: true },
      { nals: ['p'], keyframe: false },
      { nals: ['p'], keyframe: false },
    ],
  },
  {
    name: 'an SEI ahead of the first slice opens the next access unit',
    input: ['idr', 'sei', 'p', 'sei', 'p'],
    units: [
      { nals: ['idr'], keyframe: true },
      { nals: ['sei', 'p'], keyframe: false },
      { nals: ['sei', 'p'], keyframe: false },
    ],
  },
  {
    name: 'camlab SEI sent ahead of a clip frame that has its own SEI',
    input: ['sei', 'sps', 'pps', 'sei', 'idr', 'sei', 'p'],
    units: [
      { nals: ['sei', 'sps', 'pps', 'sei', 'idr'], keyframe: true },
      { nals: ['sei', 'p'], keyframe: false },
    ],
  },
  {
    name: 'filler data stays with its picture',
    input: ['idr', 'filler', 'p', 'filler'],
    units: [
      { nals: ['idr', 'filler'], keyframe: true },
      { nals: ['p', 'filler'], keyframe: false },
    ],
  },
  { name: 'nothing', input: [], units: [] },
];

describe('assembleH264AccessUnits', () => {
  it.each(cases)('groups $name', ({ input, units }) => {
    const nals = input.map((n) => Buffer.from(nal[n], 'hex'));
    const result = assembleH264AccessUnits(nals);
    expect(result.map((u) => ({ nals: u.nals.map((b) => b.toString('hex')), keyframe: u.keyframe }))).toEqual(
      units.map((u) => ({ nals: u.nals.map((n) => nal[n]), keyframe: u.keyframe })),
    );
  });

  it('keeps every NAL unit but AUDs, in order, each access unit holding at most one picture start', () => {
    const anyNal = fc
      .tuple(fc.integer({ min: 0, max: 31 }), fc.uint8Array({ maxLength: 4 }))
      .map(([type, body]) => Buffer.concat([Buffer.from([0x60 | type]), body]));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...Object.values(nal).map((n) => Buffer.from(n, 'hex'))), anyNal), {
          maxLength: 30,
        }),
        (nals) => {
          const units = assembleH264AccessUnits(nals);
          expect(units.flatMap((u) => u.nals)).toEqual(nals.filter((n) => (n[0]! & 0x1f) !== 9));
          for (const unit of units) {
            expect(unit.nals.length).toBeGreaterThan(0);
            const pictureStarts = unit.nals.filter(
              (n) => (n[0]! & 0x1f) >= 1 && (n[0]! & 0x1f) <= 5 && n.length > 1 && (n[1]! & 0x80) !== 0,
            );
            expect(pictureStarts.length).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
