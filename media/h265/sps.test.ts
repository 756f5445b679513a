import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { parseH265Sps } from './sps.ts';

// Parameter sets x265 wrote (ffmpeg 4.1 static build).
const sets1080 = {
  vps: '40010c01ffff016000000300900000030000030078959409',
  sps: '420101016000000300900000030000030078a003c0801107cb965654a4c2f010100000030010000003019080',
  pps: '4401c073c189',
};
const sps360 = '42010101600000030090000003000003003fa005020171f2e595952930bc04040000030004000003006420';

describe('parseH265Sps', () => {
  it.each([
    { name: '1080p (conformance window crops 1088)', sps: sets1080.sps, width: 1920, height: 1080, level: 120 },
    { name: '360p (conformance window crops 368)', sps: sps360, width: 640, height: 360, level: 63 },
  ])('reads $name', ({ sps, width, height, level }) => {
    const nal = Buffer.from(sps, 'hex');
    const copy = Buffer.from(nal);
    const parsed = parseH265Sps(nal);
    expect({
      width: parsed.width,
      height: parsed.height,
      level: parsed.generalLevelIdc,
      profile: parsed.generalProfileIdc,
    }).toEqual({ width, height, level, profile: 1 });
    expect(nal.equals(copy)).toBe(true);
  });

  it('gives a value or a ParseError for any bytes after an SPS header', () => {
    const seed = Buffer.from(sets1080.sps, 'hex');
    const mutated = fc
      .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat())
      .map(([edits, cut]) => {
        const nal = Buffer.from(seed);
        for (const [at, value] of edits) nal[2 + (at % (nal.length - 2))] = value;
        return nal.subarray(0, 2 + (cut % (nal.length - 1)));
      });
    fc.assert(
      fc.property(
        fc.oneof(
          mutated,
          fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.concat([Buffer.from([0x42, 0x01]), b])),
        ),
        (nal) => {
          try {
            expect(parseH265Sps(nal).width).toBeGreaterThan(0);
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
