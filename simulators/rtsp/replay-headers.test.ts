import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../media/errors/parse-error.ts';
import {
  type RangeHeader,
  formatClockTime,
  formatFramesHeader,
  formatRangeHeader,
  parseClockTime,
  parseFramesHeader,
  parseRangeHeader,
  parseRequireHeader,
  parseScaleHeader,
  parseYesNoHeader,
} from './replay-headers.ts';

const T = Date.UTC(2009, 5, 15, 11, 49, 0, 440);

const ranges: { name: string; header: string; range: RangeHeader; canonical?: string }[] = [
  {
    name: 'open-ended clock range (ONVIF example)',
    header: 'clock=20090615T114900.440Z-',
    range: { kind: 'clock', startMs: T, endMs: undefined },
  },
  {
    name: 'closed clock range',
    header: 'clock=20090615T114900.440Z-20090615T115000.000Z',
    range: { kind: 'clock', startMs: T, endMs: Date.UTC(2009, 5, 15, 11, 50) },
  },
  {
    name: 'clock range without fraction (Milestone)',
    header: 'clock=20200227T081350Z-',
    range: { kind: 'clock', startMs: Date.UTC(2020, 1, 27, 8, 13, 50), endMs: undefined },
    canonical: 'clock=20200227T081350.000Z-',
  },
  {
    name: 'reverse range, start after end',
    header: 'clock=20090615T115000.000Z-20090615T114900.440Z',
    range: { kind: 'clock', startMs: Date.UTC(2009, 5, 15, 11, 50), endMs: T },
  },
  { name: 'end only', header: 'clock=-20090615T114900.440Z', range: { kind: 'clock', startMs: undefined, endMs: T } },
  { name: 'ffmpeg npt', header: 'npt=0.000-', range: { kind: 'npt', startS: 0, endS: undefined } },
  { name: 'live npt', header: 'npt=now-', range: { kind: 'npt', startS: 'now', endS: undefined } },
  {
    name: 'npt h:mm:ss with end',
    header: 'npt=0:01:02.5-90',
    range: { kind: 'npt', startS: 62.5, endS: 90 },
    canonical: 'npt=62.500-90.000',
  },
  {
    name: 'spaces and time parameter',
    header: ' Clock = 20090615T114900.440Z- ;time=19970123T143720Z',
    range: { kind: 'clock', startMs: T, endMs: undefined },
    canonical: 'clock=20090615T114900.440Z-',
  },
  {
    name: 'nine fraction digits',
    header: 'clock=20090615T114900.440000000Z-',
    range: { kind: 'clock', startMs: T, endMs: undefined },
    canonical: 'clock=20090615T114900.440Z-',
  },
];

describe('replay header codecs', () => {
  it.each(ranges)('Range: $name', ({ header, range, canonical }) => {
    expect(parseRangeHeader(header)).toEqual(range);
    expect(formatRangeHeader(range)).toBe(canonical ?? header);
  });

  it.each([
    ['no unit', '20090615T114900Z-'],
    ['smpte', 'smpte=10:07:00-'],
    ['empty clock range', 'clock=-'],
    ['lower-case t', 'clock=20090615t114900Z-'],
    ['no Z', 'clock=20090615T114900-'],
    ['30 February', 'clock=20090230T114900Z-'],
    ['hour 24', 'clock=20090615T244900Z-'],
    ['npt without start', 'npt=-5'],
    ['npt ending at now', 'npt=0-now'],
    ['negative npt', 'npt=-1-'],
    ['too long', `clock=${'1'.repeat(300)}`],
  ])('Range refuses %s with a ParseError', (_name, header) => {
    expect(() => parseRangeHeader(header)).toThrow(ParseError);
  });

  it('formats and reads back any clock instant to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_799_999 }), (ms) => {
        expect(parseClockTime(formatClockTime(ms))).toBe(ms);
      }),
    );
  });

  it('gives a Range or a ParseError for any string', () => {
    const seeded = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .constantFrom(...ranges.map((r) => r.header))
        .chain((h) => fc.nat({ max: h.length }).map((cut) => h.slice(0, cut))),
    );
    fc.assert(
      fc.property(seeded, (header) => {
        try {
          parseRangeHeader(header);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
    );
  });

  it.each([
    ['1.0', 1],
    ['-1.0', -1],
    ['2', 2],
    ['+0.5', 0.5],
    ['-.25', -0.25],
  ])('Scale %s is %d', (header, scale) => {
    expect(parseScaleHeader(header)).toBe(scale);
  });

  it.each(['0', '-0.0', 'fast', '1e3', '', 'Infinity'])('Scale %j is refused', (header) => {
    expect(() => parseScaleHeader(header)).toThrow(ParseError);
  });

  it.each([
    ['intra', { kind: 'intra', intervalMs: undefined }],
    ['predicted', { kind: 'predicted' }],
    ['intra/4000', { kind: 'intra', intervalMs: 4000 }],
  ] as const)('Frames: %s', (header, frames) => {
    expect(parseFramesHeader(header)).toEqual(frames);
    expect(formatFramesHeader(frames)).toBe(header);
  });

  it.each(['all', 'intra/', 'intra/0', 'intra/-5', 'predicted/100', 'bidirectional'])(
    'Frames %j is refused',
    (header) => {
      expect(() => parseFramesHeader(header)).toThrow(ParseError);
    },
  );

  it('reads Rate-Control and Immediate as yes/no, case-insensitive', () => {
    expect(parseYesNoHeader('Rate-Control', 'no')).toBe(false);
    expect(parseYesNoHeader('Rate-Control', 'YES')).toBe(true);
    expect(parseYesNoHeader('Immediate', ' yes ')).toBe(true);
    expect(() => parseYesNoHeader('Immediate', 'maybe')).toThrow(/Immediate must be yes or no, got "maybe"/);
  });

  it('splits Require option tags', () => {
    expect(parseRequireHeader('onvif-replay')).toEqual(['onvif-replay']);
    expect(parseRequireHeader(' ONVIF-Replay , www.example.com.x ,')).toEqual(['onvif-replay', 'www.example.com.x']);
  });
});
