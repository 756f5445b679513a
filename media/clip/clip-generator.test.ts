import { describe, expect, it } from 'vitest';
import { encodeArgs } from './clip-generator.ts';
import { type ClipProfile, clipSpecFromProfile } from './clip-spec.ts';

const main1080: ClipProfile = {
  codec: 'h264',
  width: 1920,
  height: 1080,
  fps: 25,
  bitrateKbps: 4000,
  gopFrames: 50,
  h264Profile: 'main',
  bFrames: false,
};
const valueAfter = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('encodeArgs', () => {
  it.each([
    { name: 'font present, label', withText: true, label: 'cam-1', drawtexts: 2 },
    { name: 'font present, no label: timecode only', withText: true, label: '', drawtexts: 1 },
    { name: 'font absent: no text at all', withText: false, label: 'cam-1', drawtexts: 0 },
  ])('draws text: $name', ({ withText, label, drawtexts }) => {
    const args = encodeArgs(clipSpecFromProfile(main1080, label), '/tmp/x', withText);
    const filter = valueAfter(args, '-filter_complex') ?? '';
    expect(filter.split('drawtext=').length - 1).toBe(drawtexts);
    // The label goes through a file with expansion off, so any text is safe in the filter graph.
    expect(filter.includes('cam-1')).toBe(false);
  });

  it.each([
    { name: 'baseline', profile: { ...main1080, h264Profile: 'baseline' as const }, x264: 'cabac=0', bf: '0' },
    { name: 'main with B-frames', profile: { ...main1080, bFrames: true }, x264: 'cabac=1', bf: '2' },
    { name: 'high', profile: { ...main1080, h264Profile: 'high' as const }, x264: 'cabac=1:8x8dct=1', bf: '0' },
  ])('encodes H.264 $name with a fixed GOP and the bitrate', ({ profile, x264, bf }) => {
    const args = encodeArgs(clipSpecFromProfile(profile), '/tmp/x', true);
    expect(valueAfter(args, '-c:v')).toBe('libx264');
    expect(valueAfter(args, '-profile:v')).toBe(profile.h264Profile);
    expect(valueAfter(args, '-x264-params')).toBe(x264);
    expect(valueAfter(args, '-bf')).toBe(bf);
    expect([valueAfter(args, '-g'), valueAfter(args, '-keyint_min'), valueAfter(args, '-sc_threshold')]).toEqual([
      '50',
      '50',
      '0',
    ]);
    expect([valueAfter(args, '-b:v'), valueAfter(args, '-maxrate'), valueAfter(args, '-bufsize')]).toEqual([
      '4000k',
      '4000k',
      '2000k',
    ]);
    expect(valueAfter(args, '-frames:v')).toBe('100');
  });

  it('encodes H.265 with closed, fixed GOPs and headers on every key frame', () => {
    const args = encodeArgs(clipSpecFromProfile({ ...main1080, codec: 'h265', bFrames: true }), '/tmp/x', true);
    expect(valueAfter(args, '-c:v')).toBe('libx265');
    expect(valueAfter(args, '-x265-params')?.split(':')).toEqual(
      expect.arrayContaining([
        'keyint=50',
        'min-keyint=50',
        'scenecut=0',
        'open-gop=0',
        'bframes=2',
        'repeat-headers=1',
      ]),
    );
  });
});
