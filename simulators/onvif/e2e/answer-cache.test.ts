import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { child, children, textAt } from '../../wire/xml-element.ts';
import { type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';
import { SpecClient } from './testspec-client.ts';

/**
 * GetProfiles is answered from cached bytes while nothing changed (media-service caches the XML
 * per model, OnvifServer the encoded envelope per camera). A change must show at once on the
 * camera it was made on, and never on another camera of the same model.
 */
let fx: OnvifFixture;
let changed: SpecClient;
let untouched: SpecClient;

beforeAll(async () => {
  fx = await startOnvifFixture(44, ['fixed-1080p', 'fixed-1080p']);
  changed = new SpecClient(fx.cameras[0]!);
  untouched = new SpecClient(fx.cameras[1]!);
});

afterAll(async () => {
  await fx.close();
});

/** The sub profile's encoder resolution as GetProfiles reports it. */
const subSize = async (dut: SpecClient): Promise<[number, number]> => {
  const sub = children(await dut.ok('media', 'GetProfiles'), 'Profiles').find((p) => p.attrs?.token === 'Profile_sub');
  return [
    Number(textAt(sub, 'VideoEncoderConfiguration', 'Resolution', 'Width')),
    Number(textAt(sub, 'VideoEncoderConfiguration', 'Resolution', 'Height')),
  ];
};

const setSub = (width: number, height: number): string =>
  `<trt:Configuration token="VideoEncoder_sub"><tt:Name>SubStream</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>${width}</tt:Width><tt:Height>${height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>10</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>300</tt:BitrateLimit></tt:RateControl><tt:H264><tt:GovLength>50</tt:GovLength><tt:H264Profile>Baseline</tt:H264Profile></tt:H264><tt:SessionTimeout>PT60S</tt:SessionTimeout></trt:Configuration><trt:ForcePersistence>false</trt:ForcePersistence>`;

describe('cached GetProfiles answers', () => {
  it('follow SetVideoEncoderConfiguration on that camera only, and back again', async () => {
    const original = await subSize(changed);
    expect(await subSize(changed)).toEqual(original);
    expect(await subSize(untouched)).toEqual(original);
    const options = await changed.ok(
      'media',
      'GetVideoEncoderConfigurationOptions',
      '<trt:ConfigurationToken>VideoEncoder_sub</trt:ConfigurationToken>',
    );
    const other = children(child(child(options, 'Options'), 'H264'), 'ResolutionsAvailable')
      .map((r): [number, number] => [Number(textAt(r, 'Width')), Number(textAt(r, 'Height'))])
      .find(([w]) => w !== original[0])!;
    await changed.ok('media', 'SetVideoEncoderConfiguration', setSub(...other));
    expect(await subSize(changed)).toEqual(other);
    expect(await subSize(untouched)).toEqual(original);
    await changed.ok('media', 'SetVideoEncoderConfiguration', setSub(...original));
    expect(await subSize(changed)).toEqual(original);
  });
});
