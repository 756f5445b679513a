import { describe, expect, it } from 'vitest';
import { cameraModelSchema, findBuiltinModel } from '../camera/camera-model.ts';
import { Camera } from '../camera/camera.ts';
import { modelQuirksSchema } from './model-quirks.ts';

describe("a camera model's quirks field", () => {
  it('reads the three fields of the earlier quirks object as their quirks, and leaves out those that are off', () => {
    expect(
      modelQuirksSchema.parse({ clockSkewMs: 90_000, streamUriQuery: '?transportmode=unicast', noGetServices: true }),
    ).toEqual({
      'clock-skew': { offset: 90_000 },
      'stream-uri-query': { query: '?transportmode=unicast' },
      'get-capabilities-only': {},
    });
    expect(modelQuirksSchema.parse({ clockSkewMs: 0, streamUriQuery: '', noGetServices: false })).toEqual({});
  });

  it('takes quirk ids with parameters, true for the defaults and false for off; parsing its output gives it back', () => {
    const parsed = modelQuirksSchema.parse({
      'clock-skew': { offset: '-2m' },
      'get-capabilities-only': true,
      'unauthorized-as-http-401': false,
    });
    expect(parsed).toEqual({ 'clock-skew': { offset: -120_000 }, 'get-capabilities-only': {} });
    expect(modelQuirksSchema.parse(parsed)).toEqual(parsed);
  });

  it('names the quirk and the parameter that is wrong', () => {
    const bad = cameraModelSchema.safeParse({
      ...findBuiltinModel('fixed-1080p')!,
      quirks: { 'no-such-quirk': true, 'clock-skew': { offset: 'soon' }, 'stream-uri-query': { query: 'x', extra: 1 } },
    });
    expect(bad.success).toBe(false);
    const issues = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^quirks\.no-such-quirk: unknown quirk 'no-such-quirk'; expected one of .*clock-skew/),
        expect.stringMatching(/^quirks\.clock-skew\.offset: expected a duration/),
        expect.stringMatching(/^quirks\.stream-uri-query\.query: /),
        expect.stringMatching(
          /^quirks\.stream-uri-query\.extra: unknown parameter 'extra' of quirk 'stream-uri-query'; expected query/,
        ),
      ]),
    );
    const twice = modelQuirksSchema.safeParse({ 'clock-skew': { offset: 1 }, clockSkewMs: 5 });
    expect(twice.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      "clockSkewMs: quirk 'clock-skew' is given twice (once as 'clockSkewMs')",
    ]);
  });

  it('runs the legacy-bullet model quirks on its cameras: the clock skew is in the device clock', () => {
    const model = findBuiltinModel('legacy-bullet')!;
    const camera = new Camera({
      id: 'c',
      name: 'c',
      site: 's',
      model,
      network: { address: '127.77.0.1', rtspPort: 554, onvifPort: 80 },
      users: [],
    });
    expect(camera.quirks.active.map((q) => q.id).sort()).toEqual([
      'clock-skew',
      'get-capabilities-only',
      'stream-uri-query',
    ]);
    expect(camera.clockOffsetMs(0)).toBe(90_000);
    camera.quirks.add('fault-1', 'clock-skew', { offset: '10s' });
    expect(camera.clockOffsetMs(0)).toBe(100_000);
    camera.quirks.remove('fault-1');
    expect(camera.clockOffsetMs(0)).toBe(90_000);
  });
});
