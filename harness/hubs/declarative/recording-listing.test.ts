import { describe, expect, it } from 'vitest';
import type { RecordingsSpec } from './declarative-adapter-schema.ts';
import { hubTimeMs, readRecordingListing } from './recording-listing.ts';

const spec: RecordingsSpec = {
  request: { method: 'GET', url: 'http://h/recordings', timeoutMs: 5000 },
  perCamera: false,
  items: '$.recordings',
  camera: '$.camera',
  cameraBy: 'id',
  start: '$.start',
  end: '$.end',
  timeFormat: 'iso',
  download: '$.url',
};

describe('readRecordingListing', () => {
  it('reads camera, start, end and download URL, and names every entry it cannot read', () => {
    const problems: string[] = [];
    const json = {
      recordings: [
        { camera: 'mk-1', start: '2026-12-06T07:00:00Z', end: '2026-12-06T07:01:00.500+00:00', url: '/files/1.mp4' },
        { camera: 'mk-1', start: '2026-12-06T07:02:00', end: '2026-12-06T07:03:00Z', url: '/files/2.mp4' },
        { camera: 'mk-2', start: '2026-12-06T07:05:00Z', end: '2026-12-06T07:04:00Z', url: '/files/3.mp4' },
        { camera: 'mk-2', start: '2026-12-06T07:05:00Z', end: '2026-12-06T07:06:00Z' },
      ],
    };
    expect(readRecordingListing(json, spec, undefined, problems)).toEqual([
      {
        cameraRef: 'mk-1',
        startWallMs: Date.UTC(2026, 11, 6, 7, 0, 0),
        endWallMs: Date.UTC(2026, 11, 6, 7, 1, 0, 500),
        downloadUrl: '/files/1.mp4',
      },
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^recording not understood .*07:02:00"/),
      expect.stringMatching(/^recording ends before it starts/),
      expect.stringMatching(/^recording has no download URL at \$\.url/),
    ]);
  });

  it('lists per camera: an object keyed by anything, the camera being the one called for', () => {
    const perCamera: RecordingsSpec = {
      ...spec,
      perCamera: true,
      camera: undefined,
      items: '$',
      timeFormat: 'epoch-s',
      download: undefined,
      start: '$.from',
      end: '$.to',
    };
    expect(readRecordingListing({ a: { from: 100, to: '160' } }, perCamera, 'mk-3', [])).toEqual([
      { cameraRef: 'mk-3', startWallMs: 100_000, endWallMs: 160_000 },
    ]);
  });

  it('says so when the list is not there', () => {
    const problems: string[] = [];
    expect(readRecordingListing({ items: [] }, spec, undefined, problems)).toEqual([]);
    expect(problems).toEqual(['no list at $.recordings']);
  });
});

describe('hubTimeMs', () => {
  it.each([
    ['2026-12-06T07:00:00+01:00', 'iso', Date.UTC(2026, 11, 6, 6)],
    ['2026-12-06', 'iso', undefined],
    [1_700_000_000_000, 'epoch-ms', 1_700_000_000_000],
    ['1700000000', 'epoch-s', 1_700_000_000_000],
    ['soon', 'epoch-ms', undefined],
  ] as const)('%s as %s', (value, format, expected) => {
    expect(hubTimeMs(value, format)).toBe(expected);
  });
});
