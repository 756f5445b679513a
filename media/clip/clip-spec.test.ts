import { describe, expect, it } from 'vitest';
import { type ClipProfile, clipSpecFromProfile, validateClipSpec } from './clip-spec.ts';

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

describe('clipSpecFromProfile', () => {
  it.each([
    { name: '2 s GOPs make a 4 s clip', profile: main1080, durationS: 4 },
    { name: 'a 3 s GOP makes two GOPs, 6 s', profile: { ...main1080, gopFrames: 75 }, durationS: 6 },
    { name: 'a GOP longer than the target is one GOP', profile: { ...main1080, gopFrames: 250 }, durationS: 10 },
    { name: 'a 1 s GOP at 15 fps', profile: { ...main1080, fps: 15, gopFrames: 15 }, durationS: 4 },
    {
      name: 'a GOP that is not whole seconds',
      profile: { ...main1080, fps: 30, gopFrames: 25 },
      durationS: 5 * (25 / 30),
    },
  ])('lasts whole GOPs: $name', ({ profile, durationS }) => {
    const spec = clipSpecFromProfile(profile);
    expect(spec.durationS).toBeCloseTo(durationS, 9);
    expect(Math.round(spec.durationS * spec.fps) % spec.gopFrames).toBe(0);
  });

  it('labels the picture with the format unless told otherwise', () => {
    expect(clipSpecFromProfile(main1080).label).toBe('H.264 main 1920x1080 25fps 4000kbit/s');
    expect(clipSpecFromProfile({ ...main1080, codec: 'h265' }).label).toBe('H.265 1920x1080 25fps 4000kbit/s');
    expect(clipSpecFromProfile(main1080, 'cam-0042').label).toBe('cam-0042');
    expect(clipSpecFromProfile(main1080, '').label).toBe('');
  });

  it('never asks baseline for B-frames', () => {
    expect(clipSpecFromProfile({ ...main1080, h264Profile: 'baseline', bFrames: true }).bFrames).toBe(false);
    expect(clipSpecFromProfile({ ...main1080, bFrames: true }).bFrames).toBe(true);
  });

  it('produces specs the generator accepts', () => {
    for (const profile of [
      main1080,
      { ...main1080, fps: 30, gopFrames: 25 },
      { ...main1080, codec: 'h265' as const, gopFrames: 250 },
    ]) {
      expect(() => validateClipSpec(clipSpecFromProfile(profile))).not.toThrow();
    }
  });

  it.each([
    { name: 'odd width', change: { width: 1921 }, field: 'width' },
    { name: 'not whole GOPs', change: { durationS: 3 }, field: 'durationS' },
    { name: 'unknown key', change: { crf: 23 }, field: 'crf' },
  ])('rejects $name, naming the field', ({ change, field }) => {
    expect(() => validateClipSpec({ ...clipSpecFromProfile(main1080), ...change })).toThrow(field);
  });
});
