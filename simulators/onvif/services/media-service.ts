import { rtspUrl, snapshotUrl } from '../../camera/uris.ts';
import type { EncoderSettings, OnvifDevice, ProfileName } from '../onvif-device.ts';
import { type OnvifRequestContext, type OnvifService, op } from '../onvif-service.ts';
import { faults } from '../soap-fault.ts';
import { NS, esc } from '../soap-writer.ts';
import { attr, child, textAt } from '../xml-element.ts';
import {
  H264_PROFILE_FROM_NAME,
  checkEncoderChange,
  encoderOrFault,
  num,
  profileDisplayName,
  profileOrFault,
  ptzConfigIfAny,
  resolutionsAvailable,
  sourceResolution,
  videoEncoderConfigurationXml,
  videoSourceConfigurationXml,
} from './media-xml.ts';
import { TOKENS, profileToken } from './tokens.ts';

function profileXml(device: OnvifDevice, p: ProfileName, tag: string): string {
  const e = device.encoder(p)!;
  return (
    `<${tag} token="${profileToken(p)}" fixed="true"><tt:Name>${profileDisplayName(p)}</tt:Name>` +
    videoSourceConfigurationXml(device.camera, 'tt:VideoSourceConfiguration', device.profileNames().length) +
    (e.codec === 'h264' ? videoEncoderConfigurationXml(p, e, 'tt:VideoEncoderConfiguration') : '') +
    ptzConfigIfAny(device, 'tt:PTZConfiguration') +
    `</${tag}>`
  );
}

/** GetProfiles is the hottest read and depends only on the model until a client changes an encoder. */
const PROFILES_CACHE = new WeakMap<object, string>();

export function cachedForModel(cache: WeakMap<object, string>, device: OnvifDevice, build: () => string): string {
  if (device.settings !== undefined && Object.keys(device.settings.encoders).length > 0) return build();
  let xml = cache.get(device.camera.model);
  if (xml === undefined) {
    xml = build();
    cache.set(device.camera.model, xml);
  }
  return xml;
}

function encoderProfiles(device: OnvifDevice): ProfileName[] {
  return device.profileNames().filter((p) => device.encoder(p)!.codec === 'h264');
}

function videoSourcesXml(device: OnvifDevice, tag: string): string {
  const s = sourceResolution(device.camera);
  return `<${tag} token="${TOKENS.videoSource}"><tt:Framerate>${s.fps}</tt:Framerate><tt:Resolution><tt:Width>${s.width}</tt:Width><tt:Height>${s.height}</tt:Height></tt:Resolution></${tag}>`;
}

export function videoSourceOptionsXml(device: OnvifDevice, tag: string): string {
  const s = sourceResolution(device.camera);
  const r = (max: number): string => `<tt:Min>0</tt:Min><tt:Max>${max}</tt:Max>`;
  return (
    `<${tag}><tt:BoundsRange><tt:XRange>${r(0)}</tt:XRange><tt:YRange>${r(0)}</tt:YRange><tt:WidthRange><tt:Min>${s.width}</tt:Min><tt:Max>${s.width}</tt:Max></tt:WidthRange>` +
    `<tt:HeightRange><tt:Min>${s.height}</tt:Min><tt:Max>${s.height}</tt:Max></tt:HeightRange></tt:BoundsRange><tt:VideoSourceTokensAvailable>${TOKENS.videoSource}</tt:VideoSourceTokensAvailable></${tag}>`
  );
}

function encoderOptionsXml(device: OnvifDevice, p: ProfileName): string {
  const own = device.camera.profile(p)!;
  const res = resolutionsAvailable(device.camera, p)
    .map((r) => `<tt:ResolutionsAvailable><tt:Width>${r.width}</tt:Width><tt:Height>${r.height}</tt:Height></tt:ResolutionsAvailable>`)
    .join('');
  return (
    `<trt:Options><tt:QualityRange><tt:Min>0</tt:Min><tt:Max>10</tt:Max></tt:QualityRange><tt:H264>${res}` +
    `<tt:GovLengthRange><tt:Min>1</tt:Min><tt:Max>600</tt:Max></tt:GovLengthRange><tt:FrameRateRange><tt:Min>1</tt:Min><tt:Max>${own.fps}</tt:Max></tt:FrameRateRange>` +
    `<tt:EncodingIntervalRange><tt:Min>1</tt:Min><tt:Max>1</tt:Max></tt:EncodingIntervalRange>` +
    `<tt:H264ProfilesSupported>Baseline</tt:H264ProfilesSupported><tt:H264ProfilesSupported>Main</tt:H264ProfilesSupported><tt:H264ProfilesSupported>High</tt:H264ProfilesSupported></tt:H264></trt:Options>`
  );
}

function setVideoEncoderConfiguration(ctx: OnvifRequestContext): string {
  const cfg = child(ctx.req.body, 'Configuration');
  const p = encoderOrFault(ctx.device, attr(cfg, 'token'));
  const cur = ctx.device.encoder(p)!;
  const encoding = textAt(cfg, 'Encoding');
  if (encoding !== undefined && encoding !== 'H264') throw faults.invalidArgVal('ConfigModify', `Encoding ${encoding} is not offered (H264 only in Media ver10)`);
  const h264Profile = textAt(cfg, 'H264', 'H264Profile');
  const next: EncoderSettings = {
    ...cur,
    name: textAt(cfg, 'Name') || cur.name,
    width: num(textAt(cfg, 'Resolution', 'Width'), cur.width),
    height: num(textAt(cfg, 'Resolution', 'Height'), cur.height),
    quality: num(textAt(cfg, 'Quality'), cur.quality),
    fps: num(textAt(cfg, 'RateControl', 'FrameRateLimit'), cur.fps),
    bitrateKbps: num(textAt(cfg, 'RateControl', 'BitrateLimit'), cur.bitrateKbps),
    gopFrames: num(textAt(cfg, 'H264', 'GovLength'), cur.gopFrames),
    h264Profile: h264Profile === undefined ? cur.h264Profile : (H264_PROFILE_FROM_NAME[h264Profile] ?? cur.h264Profile),
  };
  checkEncoderChange(ctx.camera, p, next);
  ctx.device.mutableSettings().encoders[p] = next;
  return '<trt:SetVideoEncoderConfigurationResponse/>';
}

function getStreamUri(ctx: OnvifRequestContext): string {
  const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
  const stream = textAt(ctx.req.body, 'StreamSetup', 'Stream') ?? 'RTP-Unicast';
  const protocol = textAt(ctx.req.body, 'StreamSetup', 'Transport', 'Protocol') ?? 'RTSP';
  if (stream !== 'RTP-Unicast') throw faults.invalidArgVal('InvalidStreamSetup', `Stream ${stream} is not offered (RTP-Unicast only)`);
  if (protocol !== 'RTSP' && protocol !== 'UDP' && protocol !== 'TCP') throw faults.invalidArgVal('InvalidStreamSetup', `Transport ${protocol} is not offered (RTSP, UDP, TCP)`);
  return `<trt:GetStreamUriResponse><trt:MediaUri>${mediaUri(rtspUrl(ctx.camera, p))}</trt:MediaUri></trt:GetStreamUriResponse>`;
}

export function mediaUri(uri: string): string {
  return `<tt:Uri>${esc(uri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout>`;
}

const CAPABILITIES =
  '<trt:Capabilities SnapshotUri="true" Rotation="false" VideoSourceMode="false" OSD="false"><trt:ProfileCapabilities MaximumNumberOfProfiles="2"/>' +
  '<trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="true" RTP_RTSP_TCP="true" NonAggregateControl="false"/></trt:Capabilities>';

export const mediaService: OnvifService = {
  name: 'media',
  ns: NS.trt,
  offered: () => true,
  operations: new Map([
    ['GetServiceCapabilities', op('PRE_AUTH', () => `<trt:GetServiceCapabilitiesResponse>${CAPABILITIES}</trt:GetServiceCapabilitiesResponse>`)],
    ['GetProfiles', op('READ_MEDIA', (ctx) => cachedForModel(PROFILES_CACHE, ctx.device, () => `<trt:GetProfilesResponse>${ctx.device.profileNames().map((p) => profileXml(ctx.device, p, 'trt:Profiles')).join('')}</trt:GetProfilesResponse>`))],
    [
      'GetProfile',
      op('READ_MEDIA', (ctx) => {
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        return `<trt:GetProfileResponse>${profileXml(ctx.device, p, 'trt:Profile')}</trt:GetProfileResponse>`;
      }),
    ],
    ['GetVideoSources', op('READ_MEDIA', (ctx) => `<trt:GetVideoSourcesResponse>${videoSourcesXml(ctx.device, 'trt:VideoSources')}</trt:GetVideoSourcesResponse>`)],
    [
      'GetVideoSourceConfigurations',
      op('READ_MEDIA', (ctx) => `<trt:GetVideoSourceConfigurationsResponse>${videoSourceConfigurationXml(ctx.camera, 'trt:Configurations', ctx.device.profileNames().length)}</trt:GetVideoSourceConfigurationsResponse>`),
    ],
    [
      'GetVideoSourceConfiguration',
      op('READ_MEDIA', (ctx) => {
        const token = textAt(ctx.req.body, 'ConfigurationToken');
        if (token !== TOKENS.videoSourceConfig) throw faults.invalidArgVal('NoConfig', `no video source configuration with token '${token ?? ''}'`);
        return `<trt:GetVideoSourceConfigurationResponse>${videoSourceConfigurationXml(ctx.camera, 'trt:Configuration', ctx.device.profileNames().length)}</trt:GetVideoSourceConfigurationResponse>`;
      }),
    ],
    ['GetVideoSourceConfigurationOptions', op('READ_MEDIA', (ctx) => `<trt:GetVideoSourceConfigurationOptionsResponse>${videoSourceOptionsXml(ctx.device, 'trt:Options')}</trt:GetVideoSourceConfigurationOptionsResponse>`)],
    [
      'GetVideoEncoderConfigurations',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<trt:GetVideoEncoderConfigurationsResponse>${encoderProfiles(ctx.device)
            .map((p) => videoEncoderConfigurationXml(p, ctx.device.encoder(p)!, 'trt:Configurations'))
            .join('')}</trt:GetVideoEncoderConfigurationsResponse>`,
      ),
    ],
    [
      'GetVideoEncoderConfiguration',
      op('READ_MEDIA', (ctx) => {
        const p = encoderOrFault(ctx.device, textAt(ctx.req.body, 'ConfigurationToken'));
        return `<trt:GetVideoEncoderConfigurationResponse>${videoEncoderConfigurationXml(p, ctx.device.encoder(p)!, 'trt:Configuration')}</trt:GetVideoEncoderConfigurationResponse>`;
      }),
    ],
    [
      'GetVideoEncoderConfigurationOptions',
      op('READ_MEDIA', (ctx) => {
        const cfgToken = textAt(ctx.req.body, 'ConfigurationToken');
        const profToken = textAt(ctx.req.body, 'ProfileToken');
        const p = cfgToken !== undefined ? encoderOrFault(ctx.device, cfgToken) : profToken !== undefined ? profileOrFault(ctx.device, profToken) : 'main';
        return `<trt:GetVideoEncoderConfigurationOptionsResponse>${encoderOptionsXml(ctx.device, p)}</trt:GetVideoEncoderConfigurationOptionsResponse>`;
      }),
    ],
    ['SetVideoEncoderConfiguration', op('ACTUATE', setVideoEncoderConfiguration)],
    ['GetStreamUri', op('READ_MEDIA', getStreamUri)],
    [
      'GetSnapshotUri',
      op('READ_MEDIA', (ctx) => {
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        return `<trt:GetSnapshotUriResponse><trt:MediaUri>${mediaUri(snapshotUrl(ctx.camera, p))}</trt:MediaUri></trt:GetSnapshotUriResponse>`;
      }),
    ],
  ]),
};
