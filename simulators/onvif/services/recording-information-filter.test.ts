import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FilterableRecording,
  RECORDING_FILTER_MAX_CHARS,
  RecordingFilterError,
  parseRecordingFilter,
} from './recording-information-filter.ts';

const source = {
  SourceId: 'urn:camlab:cam-1',
  Name: 'Gate',
  Location: 'slough',
  Description: 'gate camera',
  Address: 'http://127.0.0.1/onvif/device_service',
};
const track = (TrackType: string, TrackToken: string) => ({
  TrackType,
  TrackToken,
  Description: TrackType.toLowerCase(),
});
const VIDEO: FilterableRecording = { source, tracks: [track('Video', 'VIDEO001')] };
const AV: FilterableRecording = {
  source: { ...source, SourceId: 'urn:camlab:cam-2' },
  tracks: [track('Video', 'VIDEO001'), track('Audio', 'AUDIO001')],
};
const META: FilterableRecording = { source, tracks: [track('Metadata', 'META001')] };

/** The Recording Search test specification's filters (SEARCH-2-1-8 to 2-1-16) and the forms around them. */
const cases: Array<{ filter: string; matches: FilterableRecording[] }> = [
  { filter: 'boolean(//Track[TrackType = "Video"])', matches: [VIDEO, AV] },
  { filter: 'boolean(//Track[TrackType = "Audio"])', matches: [AV] },
  { filter: 'boolean(//Track[TrackType = "Metadata"])', matches: [META] },
  { filter: 'boolean(//Track[TrackType = "Video"]) and boolean(//Track[TrackType = "Audio"])', matches: [AV] },
  { filter: 'boolean(//Track[TrackType = "Video"]) and boolean(//Track[TrackType = "Metadata"])', matches: [] },
  { filter: 'boolean(//Track[TrackToken = "NonExistingToken"])', matches: [] },
  {
    filter: 'boolean(//tt:Track[tt:TrackType = \'Audio\']) or boolean(//Source[SourceId = "urn:camlab:cam-1"])',
    matches: [VIDEO, AV, META],
  },
  { filter: 'not(boolean(//Track[TrackType = "Video"]))', matches: [META] },
  {
    filter:
      '(boolean(//Track[TrackType = "Video"]) or boolean(//Track[TrackType = "Metadata"])) and not(//Source[Location = "nowhere"])',
    matches: [VIDEO, AV, META],
  },
];

const refused = [
  '',
  'count(//Track) > 1',
  '//Track',
  'boolean(//Track[Codec = "H264"])',
  'boolean(//Recording[Content = "x"])',
  'boolean(//Track[TrackType = "Video"]',
  'boolean(//Track[TrackType = Video])',
  'boolean(//Track[TrackType = "Video"]) xor true',
  '"unterminated',
];

describe('parseRecordingFilter', () => {
  for (const c of cases) {
    it(`selects by ${c.filter}`, () => {
      const p = parseRecordingFilter(c.filter);
      expect([VIDEO, AV, META].filter(p)).toEqual(c.matches);
    });
  }

  it.each(refused)('refuses %j with a RecordingFilterError', (filter) => {
    expect(() => parseRecordingFilter(filter)).toThrow(RecordingFilterError);
  });

  it(`refuses a filter over ${RECORDING_FILTER_MAX_CHARS} characters`, () => {
    expect(() =>
      parseRecordingFilter(`boolean(//Track[TrackType = "${'V'.repeat(RECORDING_FILTER_MAX_CHARS)}"])`),
    ).toThrow(/at most/);
  });

  it('any text gives a predicate or a RecordingFilterError, never another error', () => {
    const pieces = fc.constantFrom(
      'boolean(',
      'not(',
      '//Track[',
      '//Source[',
      'TrackType',
      ' = ',
      '"Video"',
      ']',
      ')',
      ' and ',
      ' or ',
      '(',
      "'",
      '//',
      '[',
      '=',
      'x',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 20 }).map((p) => p.join('')),
        ),
        (text) => {
          try {
            parseRecordingFilter(text)(AV);
          } catch (err) {
            expect(err).toBeInstanceOf(RecordingFilterError);
          }
        },
      ),
    );
  });
});
