import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { h264ProfileLevelId, parseH264Sps } from './sps.ts';

// SPS NAL units x264 wrote (ffmpeg 4.1 static build, 25 fps), one per quirk worth a name.
const cases = [
  {
    name: '1080p baseline (cropped from 1088)',
    sps: '6742c028da01e0089f97011000000300100000030320f1832a',
    width: 1920,
    height: 1080,
    profileIdc: 66,
    levelIdc: 40,
    pli: '42C028',
  },
  {
    name: '1080p high with B-frames (poc type 0)',
    sps: '67640028acd940780227e5c044000003000400000300c83c60c658',
    width: 1920,
    height: 1080,
    profileIdc: 100,
    levelIdc: 40,
    pli: '640028',
  },
  {
    name: '360p main (cropped from 368)',
    sps: '674d401eda0280bfe5c044000003000400000300c83c58ba80',
    width: 640,
    height: 360,
    profileIdc: 77,
    levelIdc: 30,
    pli: '4D401E',
  },
  {
    name: 'CIF baseline, no cropping',
    sps: '6742c00dda05825b011000000300100000030320f142aa',
    width: 352,
    height: 288,
    profileIdc: 66,
    levelIdc: 13,
    pli: '42C00D',
  },
  {
    name: 'PAL interlaced (frame_mbs_only 0)',
    sps: '674d401ef405a126c044000003000400000300c87c50aa80',
    width: 720,
    height: 576,
    profileIdc: 77,
    levelIdc: 30,
    pli: '4D401E',
  },
  {
    name: '4:2:2 high with odd crop',
    sps: '677a001fbcb402802dfcf808800000030080000019078c1950',
    width: 1280,
    height: 714,
    profileIdc: 122,
    levelIdc: 31,
    pli: '7A001F',
  },
  {
    name: '4:4:4 with scaling matrices',
    sps: '67f4001f9196805005bb011000000300100000030320f1832a',
    width: 1280,
    height: 720,
    profileIdc: 244,
    levelIdc: 31,
    pli: 'F4001F',
  },
];

describe('parseH264Sps', () => {
  it.each(cases)('reads $name', ({ sps, width, height, profileIdc, levelIdc, pli }) => {
    const nal = Buffer.from(sps, 'hex');
    const copy = Buffer.from(nal);
    const parsed = parseH264Sps(nal);
    expect({
      width: parsed.width,
      height: parsed.height,
      profileIdc: parsed.profileIdc,
      levelIdc: parsed.levelIdc,
      fps: parsed.fps,
    }).toEqual({ width, height, profileIdc, levelIdc, fps: 25 });
    expect(h264ProfileLevelId(nal)).toBe(pli);
    expect(nal.equals(copy)).toBe(true);
  });

  it('reads no frame rate from an SPS without VUI timing', () => {
    // The 352x288 SPS cut after its last byte before the VUI, with vui_parameters_present_flag (bit 1 of 0x5b) cleared.
    const parsed = parseH264Sps(Buffer.from('6742c00dda058259', 'hex'));
    expect([parsed.width, parsed.height, parsed.fps]).toEqual([352, 288, undefined]);
  });

  it.each([
    { name: 'a PPS', nal: '68ce0fc8' },
    { name: 'a truncated SPS', nal: '6742c028da01' },
    { name: 'three bytes', nal: '6742c0' },
  ])('rejects $name', ({ nal }) => {
    expect(() => parseH264Sps(Buffer.from(nal, 'hex'))).toThrow(ParseError);
  });

  it('gives a value or a ParseError for any bytes after an SPS header', () => {
    const seeds = cases.map((c) => Buffer.from(c.sps, 'hex'));
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
      )
      .map(([seed, edits, cut]) => {
        const nal = Buffer.from(seed);
        for (const [at, value] of edits) nal[1 + (at % (nal.length - 1))] = value;
        return nal.subarray(0, 1 + (cut % nal.length));
      });
    fc.assert(
      fc.property(
        fc.oneof(
          mutated,
          fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.concat([Buffer.from([0x67]), b])),
        ),
        (nal) => {
          try {
            const sps = parseH264Sps(nal);
            expect(sps.width).toBeGreaterThan(0);
            expect(sps.height).toBeGreaterThan(0);
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
