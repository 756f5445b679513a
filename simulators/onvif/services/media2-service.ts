import type { Camera } from '../../camera/camera.ts';
import { rtspUrl, snapshotUrl } from '../../camera/uris.ts';
import type { EncoderSettings, OnvifDevice, ProfileName } from '../onvif-device.ts';
import { type OnvifRequestContext, type OnvifService, op } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { NS, esc } from '../../wire/soap-writer.ts';
import { type XmlElement, attr, child, children, textAt } from '../../wire/xml-element.ts';
import {
  cachedForModel,
  setSynchronizationPointOp,
  setVideoSourceConfigurationOp,
  videoSourceOptionsXml,
} from './media-service.ts';
import {
  H264_PROFILE_FROM_NAME,
  analyticsConfigIfAny,
  analyticsConfigurationXml,
  applyEncoderChange,
  checkAnalyticsConfig,
  checkEncoderChange,
  encoderOrFault,
  num,
  profileOrFault,
  ptzConfigIfAny,
  resolutionsAvailable,
  videoEncoder2ConfigurationXml,
  videoSourceConfigurationXml,
} from './media-xml.ts';
import {
  MAX_MEDIA_PROFILES,
  type MediaProfile,
  type ProfileConfiguration,
  deleteProfileOp,
  mediaProfiles,
  removeConfiguration,
  streamOf,
} from './media-profiles.ts';
import { TOKENS } from './tokens.ts';
import { osdOperations } from './media2-osd.ts';
import {
  checkMetadataConfig,
  metadataConfigIfAny,
  metadataConfigurationXml,
  metadataOptionsXml,
  setMetadataConfiguration,
} from './metadata-configuration.ts';

function encoder2Xml(device: OnvifDevice, p: ProfileName, tag: string): string {
  return videoEncoder2ConfigurationXml(p, device.encoder(p)!, tag, mediaProfiles(device).encoderUseCount(p));
}

function profileXml(device: OnvifDevice, p: MediaProfile): string {
  return (
    `<tr2:Profiles token="${esc(p.token)}" fixed="${p.fixed}"><tr2:Name>${esc(p.name)}</tr2:Name><tr2:Configurations>` +
    (p.videoSource ? videoSourceConfigurationXml(device, 'tr2:VideoSource') : '') +
    (p.encoder === undefined ? '' : encoder2Xml(device, p.encoder, 'tr2:VideoEncoder')) +
    analyticsConfigIfAny(device, p, 'tr2:Analytics') +
    ptzConfigIfAny(device, p, 'tr2:PTZ') +
    metadataConfigIfAny(device, p, 'tr2:Metadata') +
    '</tr2:Configurations></tr2:Profiles>'
  );
}

const PROFILES_CACHE = new WeakMap<object, string>();

/** Media2 requests name profiles optionally (Token, ProfileToken, ConfigurationToken); absent means all. */
function selectedProfiles(ctx: OnvifRequestContext, tokenField: string): MediaProfile[] {
  const token = textAt(ctx.req.body, tokenField);
  return token === undefined ? mediaProfiles(ctx.device).profiles : [profileOrFault(ctx.device, token)];
}

/**
 * The encoder configurations a GetVideoEncoderConfigurations names: by ConfigurationToken, by
 * ProfileToken (those compatible with that profile, which is every one once it has a video source
 * to encode: MEDIA2-1-1-3 adds one to a profile that has none yet), or all.
 */
function selectedEncoders(ctx: OnvifRequestContext): ProfileName[] {
  const token = textAt(ctx.req.body, 'ConfigurationToken');
  if (token !== undefined) return [encoderOrFault(ctx.device, token)];
  if (textAt(ctx.req.body, 'ProfileToken') === undefined) return ctx.device.profileNames();
  return selectedProfiles(ctx, 'ProfileToken')[0]!.videoSource ? ctx.device.profileNames() : [];
}

/** The encoder configurations whose options GetVideoEncoderConfigurationOptions gives: a profile's own, by ProfileToken. */
function encodersForOptions(ctx: OnvifRequestContext): ProfileName[] {
  if (textAt(ctx.req.body, 'ConfigurationToken') !== undefined || textAt(ctx.req.body, 'ProfileToken') === undefined)
    return selectedEncoders(ctx);
  const e = selectedProfiles(ctx, 'ProfileToken')[0]!.encoder;
  return e === undefined ? [] : [e];
}

/** The ConfigurationToken and ProfileToken of a Get…Configurations or Get…ConfigurationOptions, checked; a configuration selecting no content suits any profile. */
function checkMetadataRequest(ctx: OnvifRequestContext): void {
  const token = textAt(ctx.req.body, 'ConfigurationToken');
  if (token !== undefined) checkMetadataConfig(token);
  if (textAt(ctx.req.body, 'ProfileToken') !== undefined) selectedProfiles(ctx, 'ProfileToken');
}

/** GetAnalyticsConfigurations: the one configuration, unless a profile without a video source (nothing to analyse) is named. */
function getAnalyticsConfigurations(ctx: OnvifRequestContext): string {
  const token = textAt(ctx.req.body, 'ConfigurationToken');
  if (token !== undefined) checkAnalyticsConfig(token);
  const compatible =
    textAt(ctx.req.body, 'ProfileToken') === undefined || selectedProfiles(ctx, 'ProfileToken')[0]!.videoSource;
  return `<tr2:GetAnalyticsConfigurationsResponse>${compatible ? analyticsConfigurationXml(ctx.device, 'tr2:Configurations') : ''}</tr2:GetAnalyticsConfigurationsResponse>`;
}

/**
 * Binds the configurations a ConfigurationRef list names to a profile (Media2 §5.2.3). The
 * camera has one video source configuration, an encoder configuration per stream, one analytics,
 * one metadata and one PTZ configuration; an encoder, analytics or PTZ without a video source has
 * nothing to work on, while the metadata configuration selects no content and needs none.
 */
function bindConfigurations(device: OnvifDevice, p: MediaProfile, refs: XmlElement[]): void {
  const next = {
    videoSource: p.videoSource,
    encoder: p.encoder,
    ptz: p.ptz,
    analytics: p.analytics,
    metadata: p.metadata,
  };
  for (const ref of refs) {
    const type = textAt(ref, 'Type');
    const token = textAt(ref, 'Token');
    if (type === 'All') continue;
    if (type === 'VideoSource') {
      if (token !== undefined && token !== TOKENS.videoSourceConfig)
        throw faults.invalidArgVal('NoConfig', `no video source configuration with token '${token}'`);
      next.videoSource = true;
    } else if (type === 'VideoEncoder') {
      next.encoder = token === undefined ? (device.profileNames()[0] as ProfileName) : encoderOrFault(device, token);
    } else if (type === 'PTZ') {
      if (!device.camera.hasPtz || (token !== undefined && token !== TOKENS.ptzConfig))
        throw faults.invalidArgVal('NoConfig', `no PTZ configuration with token '${token ?? ''}'`);
      next.ptz = true;
    } else if (type === 'Analytics') {
      if (token !== undefined) checkAnalyticsConfig(token);
      next.analytics = true;
    } else if (type === 'Metadata') {
      if (token !== undefined) checkMetadataConfig(token);
      next.metadata = true;
    } else {
      throw faults.invalidArgVal(
        'NoConfig',
        `configuration type '${type ?? ''}' is not supported (VideoSource, VideoEncoder, Analytics, PTZ, Metadata)`,
      );
    }
  }
  if (!next.videoSource && (next.encoder !== undefined || next.ptz || next.analytics)) {
    throw faults.action(
      'ConfigurationConflict',
      `profile '${p.token}' needs a video source configuration for an encoder, analytics or PTZ`,
    );
  }
  p.videoSource = next.videoSource;
  p.encoder = next.encoder;
  p.ptz = next.ptz;
  p.analytics = next.analytics;
  p.metadata = next.metadata;
}

function createProfile(ctx: OnvifRequestContext): string {
  const table = mediaProfiles(ctx.device);
  const refs = children(ctx.req.body, 'Configuration');
  const p = table.create(textAt(ctx.req.body, 'Name'), undefined);
  try {
    bindConfigurations(ctx.device, p, refs);
  } catch (err) {
    table.delete(p.token);
    throw err;
  }
  return `<tr2:CreateProfileResponse><tr2:Token>${esc(p.token)}</tr2:Token></tr2:CreateProfileResponse>`;
}

function addConfiguration(ctx: OnvifRequestContext): string {
  const table = mediaProfiles(ctx.device);
  const p = table.get(textAt(ctx.req.body, 'ProfileToken'));
  bindConfigurations(ctx.device, p, children(ctx.req.body, 'Configuration'));
  const name = textAt(ctx.req.body, 'Name');
  if (name !== undefined && name !== '') p.name = name;
  table.touch();
  return '<tr2:AddConfigurationResponse/>';
}

/** Media2's configuration type names (media2.wsdl ConfigurationEnumeration), All aside. */
const MEDIA2_CONFIGURATION_TYPES: ReadonlyMap<string, ProfileConfiguration> = new Map([
  ['VideoSource', 'videoSource'],
  ['VideoEncoder', 'encoder'],
  ['PTZ', 'ptz'],
  ['Analytics', 'analytics'],
  ['Metadata', 'metadata'],
]);

/** Tokens in the list are ignored (the WSDL says so); All empties the profile; removing the source takes its dependants. */
function removeConfigurations(ctx: OnvifRequestContext): string {
  const table = mediaProfiles(ctx.device);
  const p = table.get(textAt(ctx.req.body, 'ProfileToken'));
  const types = children(ctx.req.body, 'Configuration').map((c) => textAt(c, 'Type') ?? '');
  if (types.length === 0) throw faults.invalidArgs('at least one Configuration is required');
  for (const type of types) {
    const what = type === 'All' ? 'videoSource' : MEDIA2_CONFIGURATION_TYPES.get(type);
    if (what === undefined)
      throw faults.invalidArgVal(
        'NoConfig',
        `configuration type '${type}' is not supported (VideoSource, VideoEncoder, Analytics, PTZ, Metadata, All)`,
      );
    removeConfiguration(p, what);
    if (type === 'All') removeConfiguration(p, 'metadata');
  }
  table.touch();
  return '<tr2:RemoveConfigurationResponse/>';
}

function encoderInstances(ctx: OnvifRequestContext): string {
  const token = textAt(ctx.req.body, 'ConfigurationToken');
  if (token !== TOKENS.videoSourceConfig)
    throw faults.invalidArgVal('NoConfig', `no video source configuration with token '${token ?? ''}'`);
  const counts = new Map<string, number>();
  for (const p of ctx.device.profileNames()) {
    const enc = ctx.device.encoder(p)!.codec === 'h265' ? 'H265' : 'H264';
    counts.set(enc, (counts.get(enc) ?? 0) + 1);
  }
  const codecs = [...counts]
    .map(([enc, n]) => `<tr2:Codec><tr2:Encoding>${enc}</tr2:Encoding><tr2:Number>${n}</tr2:Number></tr2:Codec>`)
    .join('');
  return `<tr2:GetVideoEncoderInstancesResponse><tr2:Info>${codecs}<tr2:Total>${ctx.device.profileNames().length}</tr2:Total></tr2:Info></tr2:GetVideoEncoderInstancesResponse>`;
}

function encoderOptionsXml(device: OnvifDevice, p: ProfileName): string {
  const own = device.camera.modelProfile(p)!;
  const encoding = own.codec === 'h265' ? 'H265' : 'H264';
  const profiles = own.codec === 'h265' ? 'Main' : 'Baseline Main High';
  const rates = [...new Set([own.fps, 15, 10, 5, 1].filter((f) => f <= own.fps))].join(' ');
  const res = resolutionsAvailable(device.camera, p)
    .map(
      (r) =>
        `<tt:ResolutionsAvailable><tt:Width>${r.width}</tt:Width><tt:Height>${r.height}</tt:Height></tt:ResolutionsAvailable>`,
    )
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
  const codec =
    encoding === undefined ? cur.codec : encoding === 'H265' ? 'h265' : encoding === 'H264' ? 'h264' : undefined;
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
  applyEncoderChange(ctx, p, next);
  return '<tr2:SetVideoEncoderConfigurationResponse/>';
}

/** Media2 §5.6: RtspUnicast (RTP/UDP), RTSP (interleaved TCP); multicast and HTTP tunnelling are not offered. */
const STREAM_PROTOCOLS: ReadonlySet<string> = new Set(['RtspUnicast', 'RTSP', 'RTP-Unicast', 'UDP', 'TCP']);

/** Media2 capabilities; PTZ is a supported configuration only on a camera with a head (MEDIA2-7-1-1 checks both ways). */
export function media2Capabilities(camera: Camera): string {
  const configs = camera.hasPtz ? 'VideoSource VideoEncoder PTZ' : 'VideoSource VideoEncoder';
  return (
    `<tr2:Capabilities SnapshotUri="true" Rotation="false" VideoSourceMode="false" OSD="true"><tr2:ProfileCapabilities MaximumNumberOfProfiles="${MAX_MEDIA_PROFILES}" ConfigurationsSupported="${configs}"/>` +
    '<tr2:StreamingCapabilities RTSPStreaming="true" RTPMulticast="false" RTP_RTSP_TCP="true" NonAggregateControl="false"/></tr2:Capabilities>'
  );
}

export const media2Service: OnvifService = {
  name: 'media2',
  ns: NS.tr2,
  offered: (camera) => camera.model.media2,
  operations: new Map([
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        (ctx) =>
          `<tr2:GetServiceCapabilitiesResponse>${media2Capabilities(ctx.camera)}</tr2:GetServiceCapabilitiesResponse>`,
      ),
    ],
    [
      'GetProfiles',
      op('READ_MEDIA', (ctx) => {
        // Every configuration is listed whatever Type asks for (All is what clients send): they read what they know.
        const build = (): string =>
          `<tr2:GetProfilesResponse>${selectedProfiles(ctx, 'Token')
            .map((p) => profileXml(ctx.device, p))
            .join('')}</tr2:GetProfilesResponse>`;
        return textAt(ctx.req.body, 'Token') === undefined
          ? cachedForModel(PROFILES_CACHE, ctx.device, build)
          : build();
      }),
    ],
    [
      'GetVideoSourceConfigurations',
      op('READ_MEDIA', (ctx) => {
        const token = textAt(ctx.req.body, 'ConfigurationToken');
        if (token !== undefined && token !== TOKENS.videoSourceConfig)
          throw faults.invalidArgVal('NoConfig', `no video source configuration with token '${token}'`);
        const withSource =
          selectedProfiles(ctx, 'ProfileToken').some((p) => p.videoSource) ||
          textAt(ctx.req.body, 'ProfileToken') === undefined;
        return `<tr2:GetVideoSourceConfigurationsResponse>${withSource ? videoSourceConfigurationXml(ctx.device, 'tr2:Configurations') : ''}</tr2:GetVideoSourceConfigurationsResponse>`;
      }),
    ],
    [
      'GetVideoEncoderConfigurations',
      op('READ_MEDIA', (ctx) => {
        return `<tr2:GetVideoEncoderConfigurationsResponse>${selectedEncoders(ctx)
          .map((p) => encoder2Xml(ctx.device, p, 'tr2:Configurations'))
          .join('')}</tr2:GetVideoEncoderConfigurationsResponse>`;
      }),
    ],
    [
      'GetVideoSourceConfigurationOptions',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<tr2:GetVideoSourceConfigurationOptionsResponse>${videoSourceOptionsXml(ctx.device, 'tr2:Options')}</tr2:GetVideoSourceConfigurationOptionsResponse>`,
      ),
    ],
    [
      'GetVideoEncoderConfigurationOptions',
      op('READ_MEDIA', (ctx) => {
        return `<tr2:GetVideoEncoderConfigurationOptionsResponse>${encodersForOptions(ctx)
          .map((p) => encoderOptionsXml(ctx.device, p))
          .join('')}</tr2:GetVideoEncoderConfigurationOptionsResponse>`;
      }),
    ],
    ['SetVideoEncoderConfiguration', op('ACTUATE', setVideoEncoderConfiguration)],
    ['SetVideoSourceConfiguration', setVideoSourceConfigurationOp('tr2')],
    ['CreateProfile', op('WRITE_SYSTEM', createProfile)],
    ['DeleteProfile', deleteProfileOp('tr2', 'Token')],
    ['AddConfiguration', op('WRITE_SYSTEM', addConfiguration)],
    ['RemoveConfiguration', op('WRITE_SYSTEM', removeConfigurations)],
    ['GetVideoEncoderInstances', op('READ_MEDIA', encoderInstances)],
    ['GetAnalyticsConfigurations', op('READ_MEDIA', getAnalyticsConfigurations)],
    [
      'GetMetadataConfigurations',
      op('READ_MEDIA', (ctx) => {
        checkMetadataRequest(ctx);
        return `<tr2:GetMetadataConfigurationsResponse>${metadataConfigurationXml(ctx.device, 'tr2:Configurations')}</tr2:GetMetadataConfigurationsResponse>`;
      }),
    ],
    [
      'GetMetadataConfigurationOptions',
      op('READ_MEDIA', (ctx) => {
        checkMetadataRequest(ctx);
        return `<tr2:GetMetadataConfigurationOptionsResponse>${metadataOptionsXml('tr2:Options')}</tr2:GetMetadataConfigurationOptionsResponse>`;
      }),
    ],
    [
      'SetMetadataConfiguration',
      op('ACTUATE', (ctx) => {
        setMetadataConfiguration(ctx);
        return '<tr2:SetMetadataConfigurationResponse/>';
      }),
    ],
    ...osdOperations,
    ['SetSynchronizationPoint', setSynchronizationPointOp('tr2')],
    [
      'GetStreamUri',
      op('READ_MEDIA', (ctx) => {
        const protocol = textAt(ctx.req.body, 'Protocol') ?? 'RTSP';
        if (!STREAM_PROTOCOLS.has(protocol))
          throw faults.invalidArgVal('InvalidStreamSetup', `Protocol ${protocol} is not offered (RtspUnicast, RTSP)`);
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        return `<tr2:GetStreamUriResponse><tr2:Uri>${esc(rtspUrl(ctx.camera, streamOf(p)))}</tr2:Uri></tr2:GetStreamUriResponse>`;
      }),
    ],
    [
      'GetSnapshotUri',
      op('READ_MEDIA', (ctx) => {
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        return `<tr2:GetSnapshotUriResponse><tr2:Uri>${esc(snapshotUrl(ctx.camera, streamOf(p)))}</tr2:Uri></tr2:GetSnapshotUriResponse>`;
      }),
    ],
  ]),
};
