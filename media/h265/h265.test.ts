import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { assembleH265AccessUnits } from './access-unit.ts';
import { h265Fmtp, parseH265Fmtp } from './h265-fmtp.ts';
import { decodeH265NalHeader, encodeH265NalHeader } from './nal-header.ts';
import { parseH265Sps } from './sps.ts';

// Parameter sets x265 wrote (ffmpeg 4.1 static build).
const sets1080 = {
  vps: '40010c01ffff016000000300900000030000030078959409',
  sps: '420101016000000300900000030000030078a003c0801107cb965654a4c2f010100000030010000003019080',
  pps: '4401c073c189',
};
const sps360 = '42010101600000030090000003000003003fa005020171f2e595952930bc04040000030004000003006420';

describe('H.265 NAL unit header', () => {
  const cases = [
    { name: 'VPS', bytes: '4001', header: { type: 32, layerId: 0, temporalIdPlusOne: 1 } },
    { name: 'IDR_W_RADL', bytes: '2601', header: { type: 19, layerId: 0, temporalIdPlusOne: 1 } },
    { name: 'FU with layer and temporal id', bytes: '630b', header: { type: 49, layerId: 33, temporalIdPlusOne: 3 } },
  ];
  it.each(cases)('decodes $name', ({ bytes, header }) => {
    expect(decodeH265NalHeader(Buffer.from(bytes, 'hex'))).toEqual(header);
  });
  it.each(cases)('encodes $name', ({ bytes, header }) => {
    const out = Buffer.alloc(2);
    encodeH265NalHeader(header, out, 0);
    expect(out.toString('hex')).toBe(bytes);
  });
  it('rejects a one-byte unit and the forbidden bit', () => {
    expect(() => decodeH265NalHeader(Buffer.from([0x40]))).toThrow(ParseError);
    expect(() => decodeH265NalHeader(Buffer.from([0xc0, 0x01]))).toThrow(ParseError);
  });
  it('round-trips any header', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 7 }), (type, layerId, tid) => {
        const out = Buffer.alloc(2);
        encodeH265NalHeader({ type, layerId, temporalIdPlusOne: tid }, out, 0);
        expect(decodeH265NalHeader(out)).toEqual({ type, layerId, temporalIdPlusOne: tid });
      }),
    );
  });
});

describe('parseH265Sps', () => {
  it.each([
    { name: '1080p (conformance window crops 1088)', sps: sets1080.sps, width: 1920, height: 1080, level: 120 },
    { name: '360p (conformance window crops 368)', sps: sps360, width: 640, height: 360, level: 63 },
  ])('reads $name', ({ sps, width, height, level }) => {
    const nal = Buffer.from(sps, 'hex');
    const copy = Buffer.from(nal);
    const parsed = parseH265Sps(nal);
    expect({ width: parsed.width, height: parsed.height, level: parsed.generalLevelIdc, profile: parsed.generalProfileIdc }).toEqual({ width, height, level, profile: 1 });
    expect(nal.equals(copy)).toBe(true);
  });

  it('gives a value or a ParseError for any bytes after an SPS header', () => {
    const seed = Buffer.from(sets1080.sps, 'hex');
    const mutated = fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat()).map(([edits, cut]) => {
      const nal = Buffer.from(seed);
      for (const [at, value] of edits) nal[2 + (at % (nal.length - 2))] = value;
      return nal.subarray(0, 2 + (cut % (nal.length - 1)));
    });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.concat([Buffer.from([0x42, 0x01]), b]))), (nal) => {
        try {
          expect(parseH265Sps(nal).width).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

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
      units: [{ nals: ['vps', 'sps', 'pps', 'prefixSei', 'idr'], keyframe: true }, { nals: ['trail'], keyframe: false }, { nals: ['trail'], keyframe: false }],
    },
    {
      name: 'multi-slice pictures and suffix SEI',
      input: ['idr', 'idr2', 'suffixSei', 'trail', 'trail2', 'prefixSei', 'trail'],
      units: [{ nals: ['idr', 'idr2', 'suffixSei'], keyframe: true }, { nals: ['trail', 'trail2'], keyframe: false }, { nals: ['prefixSei', 'trail'], keyframe: false }],
    },
    {
      name: 'access unit delimiters',
      input: ['aud', 'idr', 'aud', 'trail'],
      units: [{ nals: ['idr'], keyframe: true }, { nals: ['trail'], keyframe: false }],
    },
  ];
  it('keeps every NAL unit but AUDs, in order, each access unit holding at most one picture start', () => {
    const anyNal = fc.tuple(fc.integer({ min: 0, max: 63 }), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([type, body]) => Buffer.concat([Buffer.from([type << 1, 1]), body]));
    fc.assert(
      fc.property(fc.array(anyNal, { maxLength: 30 }), (nals) => {
        const units = assembleH265AccessUnits(nals);
        expect(units.flatMap((u) => u.nals)).toEqual(nals.filter((n) => (n[0]! >> 1) !== 35));
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

describe('H.265 fmtp', () => {
  const buffers = { vps: Buffer.from(sets1080.vps, 'hex'), sps: Buffer.from(sets1080.sps, 'hex'), pps: Buffer.from(sets1080.pps, 'hex') };
  it('offers profile, tier, level and sprop-vps/sps/pps', () => {
    expect(h265Fmtp(buffers)).toBe(
      `profile-id=1;tier-flag=0;level-id=120;sprop-vps=${buffers.vps.toString('base64')};sprop-sps=${buffers.sps.toString('base64')};sprop-pps=${buffers.pps.toString('base64')}`,
    );
  });
  it('round-trips the parameter sets', () => {
    expect(parseH265Fmtp(h265Fmtp(buffers))).toEqual(buffers);
  });
  it.each([
    { name: 'missing sprop-pps', text: `sprop-vps=QAE=;sprop-sps=QgE=` },
    { name: 'bad base64', text: `sprop-vps=QAE=;sprop-sps=QgE=;sprop-pps=!!` },
  ])('rejects $name', ({ text }) => {
    expect(() => parseH265Fmtp(text)).toThrow(ParseError);
  });
});
