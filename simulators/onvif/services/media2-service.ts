import { rtspUrl, snapshotUrl } from '../../camera/uris.ts';
import type { EncoderSettings, OnvifDevice, ProfileName } from '../onvif-device.ts';
import { type OnvifRequestContext, type OnvifService, op } from '../onvif-service.ts';
import { faults } from '../soap-fault.ts';
import { NS, esc } from '../soap-writer.ts';
import { attr, child, textAt } from '../xml-element.ts';
import { cachedForModel, videoSourceOptionsXml } from './media-service.ts';
import {
  H264_PROFILE_FROM_NAME,
  checkEncoderChange,
  encoderOrFault,
  num,
  profileDisplayName,
  profileOrFault,
  ptzConfigIfAny,
  resolutionsAvailable,
  videoEncoder2ConfigurationXml,
  videoSourceConfigurationXml,
} from './media-xml.ts';
import { TOKENS, profileToken } from './tokens.ts';

function profileXml(device: OnvifDevice, p: ProfileName): string {
  return (
    `<tr2:Profiles token="${profileToken(p)}" fixed="true"><tr2:Name>${profileDisplayName(p)}</tr2:Name><tr2:Configurations>` +
    videoSourceConfigurationXml(device.camera, 'tr2:VideoSource', device.profileNames().length) +
    videoEncoder2ConfigurationXml(p, device.encoder(p)!, 'tr2:VideoEncoder') +
    ptzConfigIfAny(device, 'tr2:PTZ') +
    '</tr2:Configurations></tr2:Profiles>'
  );
}

const PROFILES_CACHE = new WeakMap<object, string>();

/** Media2 requests name profiles optionally (Token, ProfileToken, ConfigurationToken); absent means all. */
function selectedProfiles(ctx: OnvifRequestContext, tokenField: string): ProfileName[] {
  const token = textAt(ctx.req.body, tokenField);
  return token === undefined ? ctx.device.profileNames() : [profileOrFault(ctx.device, token)];
}

function encoderOptionsXml(device: OnvifDevice, p: ProfileName): string {
  const own = device.camera.profile(p)!;
  const encoding = own.codec === 'h265' ? 'H265' : 'H264';
  const profiles = own.codec === 'h265' ? 'Main' : 'Baseline Main High';
  const rates = [...new Set([own.fps, 15, 10, 5, 1].filter((f) => f <= own.fps))].join(' ');
  const res = resolutionsAvailable(device.camera, p)
    .map((r) => `<tt:ResolutionsAvailable><tt:Width>${r.width}</tt:Width><tt:Height>${r.height}</tt:Height></tt:ResolutionsAvailable>`)
    .join('');
  return (
    `<tr2:Options GovLengthRange="1 600" FrameRatesSupported="${rates}" ProfilesSupported="${profiles}" ConstantBitRateSupported="false">` +
    `<tt:Encoding>${encoding}</tt:Encoding><tt:QualityRange><tt:Min>0</tt:Min><tt:Max>10</tt:Max></tt:QualityRange>${res}` +
    `<tt:BitrateRange><tt:Min>16</tt:Min><tt:Max>50000</tt:Max></tt:BitrateRange></tr2:Options>`
  );
}

function setVideoEncoderConfiguration(ctx: OnvifRequestContext): string {
  const cfg = child(ctx.req.body, 'Configuration');
  const p = encoderOrFault(ctx.device, attr(cfg, 'token'));
  const cur = ctx.device.encoder(p)!;
  const encoding = textAt(cfg, 'Encoding');
  const profile = attr(cfg, 'Profile');
  const codec = encoding === undefined ? cur.codec : encoding === 'H265' ? 'h265' : encoding === 'H264' ? 'h264' : undefined;
  if (codec === undefined) throw faults.invalidArgVal('ConfigModify', `Encoding ${encoding ?? ''} is not offered`);
  const next: EncoderSettings = {
    ...cur,
    codec,
    name: textAt(cfg, 'Name') || cur.name,
    width: num(textAt(cfg, 'Resolution', 'Width'), cur.width),
    height: num(textAt(cfg, 'Resolution', 'Height'), cur.height),
    quality: num(textAt(cfg, 'Quality'), cur.quality),
    fps: num(textAt(cfg, 'RateControl', 'FrameRateLimit'), cur.fps),
    bitrateKbps: num(textAt(cfg, 'RateControl', 'BitrateLimit'), cur.bitrateKbps),
    gopFrames: num(attr(cfg, 'GovLength'), cur.gopFrames),
    h264Profile: profile === undefined ? cur.h264Profile : (H264_PROFILE_FROM_NAME[profile] ?? cur.h264Profile),
  };
  checkEncoderChange(ctx.camera, p, next);
  ctx.device.mutableSettings().encoders[p] = next;
  return '<tr2:SetVideoEncoderConfigurationResponse/>';
}

/** Media2 §5.6: RtspUnicast (RTP/UDP), RTSP (interleaved TCP); multicast and HTTP tunnelling are not offered. */
const STREAM_PROTOCOLS: ReadonlySet<string> = new Set(['RtspUnicast', 'RTSP', 'RTP-Unicast', 'UDP', 'TCP']);

const CAPABILITIES =
  '<tr2:Capabilities SnapshotUri="true" Rotation="false" VideoSourceMode="false" OSD="false"><tr2:ProfileCapabilities MaximumNumberOfProfiles="2" ConfigurationsSupported="VideoSource VideoEncoder PTZ"/>' +
  '<tr2:StreamingCapabilities RTSPStreaming="true" RTPMulticast="false" RTP_RTSP_TCP="true" NonAggregateControl="false"/></tr2:Capabilities>';

export const media2Service: OnvifService = {
  name: 'media2',
  ns: NS.tr2,
  offered: (camera) => camera.model.media2,
  operations: new Map([
    ['GetServiceCapabilities', op('PRE_AUTH', () => `<tr2:GetServiceCapabilitiesResponse>${CAPABILITIES}</tr2:GetServiceCapabilitiesResponse>`)],
    [
      'GetProfiles',
      op('READ_MEDIA', (ctx) => {
        // Every configuration is listed whatever Type asks for (All is what clients send): they read what they know.
        const build = (): string => `<tr2:GetProfilesResponse>${selectedProfiles(ctx, 'Token').map((p) => profileXml(ctx.device, p)).join('')}</tr2:GetProfilesResponse>`;
        return textAt(ctx.req.body, 'Token') === undefined ? cachedForModel(PROFILES_CACHE, ctx.device, build) : build();
      }),
    ],
    [
      'GetVideoSourceConfigurations',
      op('READ_MEDIA', (ctx) => {
        const token = textAt(ctx.req.body, 'ConfigurationToken');
        if (token !== undefined && token !== TOKENS.videoSourceConfig) throw faults.invalidArgVal('NoConfig', `no video source configuration with token '${token}'`);
        selectedProfiles(ctx, 'ProfileToken');
        return `<tr2:GetVideoSourceConfigurationsResponse>${videoSourceConfigurationXml(ctx.camera, 'tr2:Configurations', ctx.device.profileNames().length)}</tr2:GetVideoSourceConfigurationsResponse>`;
      }),
    ],
    [
      'GetVideoEncoderConfigurations',
      op('READ_MEDIA', (ctx) => {
        const token = textAt(ctx.req.body, 'ConfigurationToken');
        const profiles = token !== undefined ? [encoderOrFault(ctx.device, token)] : selectedProfiles(ctx, 'ProfileToken');
        return `<tr2:GetVideoEncoderConfigurationsResponse>${profiles.map((p) => videoEncoder2ConfigurationXml(p, ctx.device.encoder(p)!, 'tr2:Configurations')).join('')}</tr2:GetVideoEncoderConfigurationsResponse>`;
      }),
    ],
    ['GetVideoSourceConfigurationOptions', op('READ_MEDIA', (ctx) => `<tr2:GetVideoSourceConfigurationOptionsResponse>${videoSourceOptionsXml(ctx.device, 'tr2:Options')}</tr2:GetVideoSourceConfigurationOptionsResponse>`)],
    [
      'GetVideoEncoderConfigurationOptions',
      op('READ_MEDIA', (ctx) => {
        const token = textAt(ctx.req.body, 'ConfigurationToken');
        const profiles = token !== undefined ? [encoderOrFault(ctx.device, token)] : selectedProfiles(ctx, 'ProfileToken');
        return `<tr2:GetVideoEncoderConfigurationOptionsResponse>${profiles.map((p) => encoderOptionsXml(ctx.device, p)).join('')}</tr2:GetVideoEncoderConfigurationOptionsResponse>`;
      }),
    ],
    ['SetVideoEncoderConfiguration', op('ACTUATE', setVideoEncoderConfiguration)],
    [
      'GetStreamUri',
      op('READ_MEDIA', (ctx) => {
        const protocol = textAt(ctx.req.body, 'Protocol') ?? 'RTSP';
        if (!STREAM_PROTOCOLS.has(protocol)) throw faults.invalidArgVal('InvalidStreamSetup', `Protocol ${protocol} is not offered (RtspUnicast, RTSP)`);
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        return `<tr2:GetStreamUriResponse><tr2:Uri>${esc(rtspUrl(ctx.camera, p))}</tr2:Uri></tr2:GetStreamUriResponse>`;
      }),
    ],
    [
      'GetSnapshotUri',
      op('READ_MEDIA', (ctx) => {
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        return `<tr2:GetSnapshotUriResponse><tr2:Uri>${esc(snapshotUrl(ctx.camera, p))}</tr2:Uri></tr2:GetSnapshotUriResponse>`;
      }),
    ],
  ]),
};
