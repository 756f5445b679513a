import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleH265AccessUnits } from './access-unit.ts';

// Parameter sets x265 wrote (ffmpeg 4.1 static build).
const sets1080 = {
  vps: '40010c01ffff016000000300900000030000030078959409',
  sps: '420101016000000300900000030000030078a003c0801107cb965654a4c2f010100000030010000003019080',
  pps: '4401c073c189',
};

describe('assembleH265AccessUnits', () => {
  const nal = {
    aud: '460150',
    vps: sets1080.vps,
    sps: sets1080.sps,
    pps: sets1080.pps,
    prefixSei: '4e0105',
    suffixSei: '500105',
    idr: '2601af', // IDR_W_RADL, first_slice_segment_in_pic_flag 1
    idr2: '26012f', // second slice segment
    trail: '0201d0', // TRAIL_R, first slice
    trail2: '020150',
  };
  type Name = keyof typeof nal;
  const cases: { name: string; input: Name[]; units: { nals: Name[]; keyframe: boolean }[] }[] = [
    {
      name: 'x265 key frame then trailing pictures',
      input: ['vps', 'sps', 'pps', 'prefixSei', 'idr', 'trail', 'trail'],
      units: [
        { nals: ['vps', 'sps', 'pps', 'prefixSei', 'idr'], keyframe: true },
        { nals: ['trail'], keyframe: false },
        { nals: ['trail'], keyframe: false },
      ],
    },
    {
      name: 'multi-slice pictures and suffix SEI',
      input: ['idr', 'idr2', 'suffixSei', 'trail', 'trail2', 'prefixSei', 'trail'],
      units: [
        { nals: ['idr', 'idr2', 'suffixSei'], keyframe: true },
        { nals: ['trail', 'trail2'], keyframe: false },
        { nals: ['prefixSei', 'trail'], keyframe: false },
      ],
    },
    {
      name: 'access unit delimiters',
      input: ['aud', 'idr', 'aud', 'trail'],
      units: [
        { nals: ['idr'], keyframe: true },
        { nals: ['trail'], keyframe: false },
      ],
    },
  ];
  it('keeps every NAL unit but AUDs, in order, each access unit holding at most one picture start', () => {
    const anyNal = fc
      .tuple(fc.integer({ min: 0, max: 63 }), fc.uint8Array({ minLength: 1, maxLength: 4 }))
      .map(([type, body]) => Buffer.concat([Buffer.from([type << 1, 1]), body]));
    fc.assert(
      fc.property(fc.array(anyNal, { maxLength: 30 }), (nals) => {
        const units = assembleH265AccessUnits(nals);
        expect(units.flatMap((u) => u.nals)).toEqual(nals.filter((n) => n[0]! >> 1 !== 35));
        for (const unit of units) {
          expect(unit.nals.filter((n) => n[0]! >> 1 < 32 && (n[2]! & 0x80) !== 0).length).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it.each(cases)('groups $name', ({ input, units }) => {
    const result = assembleH265AccessUnits(input.map((n) => Buffer.from(nal[n], 'hex')));
    expect(result.map((u) => ({ nals: u.nals.map((b) => b.toString('hex')), keyframe: u.keyframe }))).toEqual(
      units.map((u) => ({ nals: u.nals.map((n) => nal[n]), keyframe: u.keyframe })),
    );
  });
});
