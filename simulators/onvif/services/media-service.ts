import { rtspUrl, snapshotUrl } from '../../camera/uris.ts';
import type { EncoderSettings, OnvifDevice, ProfileName } from '../onvif-device.ts';
import { type OnvifRequestContext, type OnvifService, type Operation, op } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { NS, esc } from '../../wire/soap-writer.ts';
import { attr, child, textAt } from '../../wire/xml-element.ts';
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
  sourceResolution,
  videoEncoderConfigurationXml,
  videoSourceConfigurationXml,
} from './media-xml.ts';
import {
  MAX_MEDIA_PROFILES,
  type MediaProfile,
  type ProfileConfiguration,
  deleteProfileOp,
  mediaProfiles,
  mediaProfilesUnchanged,
  removeConfiguration,
  streamOf,
} from './media-profiles.ts';
import { TOKENS } from './tokens.ts';
import {
  checkMetadataConfig,
  metadataConfigIfAny,
  metadataConfigurationXml,
  metadataOptionsXml,
  setMetadataConfiguration,
} from './metadata-configuration.ts';

/** Media ver10 knows no H.265: an H.265 encoder configuration is invisible here. */
function encoderXml(device: OnvifDevice, p: ProfileName, tag: string): string {
  const e = device.encoder(p)!;
  return e.codec === 'h264' ? videoEncoderConfigurationXml(p, e, tag, mediaProfiles(device).encoderUseCount(p)) : '';
}

function profileXml(device: OnvifDevice, p: MediaProfile, tag: string): string {
  return (
    `<${tag} token="${esc(p.token)}" fixed="${p.fixed}"><tt:Name>${esc(p.name)}</tt:Name>` +
    (p.videoSource ? videoSourceConfigurationXml(device, 'tt:VideoSourceConfiguration') : '') +
    (p.encoder === undefined ? '' : encoderXml(device, p.encoder, 'tt:VideoEncoderConfiguration')) +
    analyticsConfigIfAny(device, p, 'tt:VideoAnalyticsConfiguration') +
    ptzConfigIfAny(device, p, 'tt:PTZConfiguration') +
    metadataConfigIfAny(device, p, 'tt:MetadataConfiguration') +
    `</${tag}>`
  );
}

/** GetProfiles is the hottest read and depends only on the model until a client changes an encoder or a profile. */
const PROFILES_CACHE = new WeakMap<object, string>();

export function cachedForModel(cache: WeakMap<object, string>, device: OnvifDevice, build: () => string): string {
  if (
    (device.settings !== undefined && Object.keys(device.settings.encoders).length > 0) ||
    !mediaProfilesUnchanged(device)
  )
    return build();
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
  const own = device.camera.modelProfile(p)!;
  const res = resolutionsAvailable(device.camera, p)
    .map(
      (r) =>
        `<tt:ResolutionsAvailable><tt:Width>${r.width}</tt:Width><tt:Height>${r.height}</tt:Height></tt:ResolutionsAvailable>`,
    )
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
  if (encoding !== undefined && encoding !== 'H264')
    throw faults.invalidArgVal('ConfigModify', `Encoding ${encoding} is not offered (H264 only in Media ver10)`);
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
  applyEncoderChange(ctx, p, next);
  return '<trt:SetVideoEncoderConfigurationResponse/>';
}

function getStreamUri(ctx: OnvifRequestContext): string {
  const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
  const stream = textAt(ctx.req.body, 'StreamSetup', 'Stream') ?? 'RTP-Unicast';
  const protocol = textAt(ctx.req.body, 'StreamSetup', 'Transport', 'Protocol') ?? 'RTSP';
  if (stream !== 'RTP-Unicast')
    throw faults.invalidArgVal('InvalidStreamSetup', `Stream ${stream} is not offered (RTP-Unicast only)`);
  if (protocol !== 'RTSP' && protocol !== 'UDP' && protocol !== 'TCP')
    throw faults.invalidArgVal('InvalidStreamSetup', `Transport ${protocol} is not offered (RTSP, UDP, TCP)`);
  return `<trt:GetStreamUriResponse><trt:MediaUri>${mediaUri(rtspUrl(ctx.camera, streamOf(p)))}</trt:MediaUri></trt:GetStreamUriResponse>`;
}

/**
 * SetSynchronizationPoint, as Media and Media2 both take it: the profile's live streams continue
 * from a key frame. A viewer may ask, as it may for the stream itself; a profile without a video
 * source and encoder streams nothing, so there is nothing to synchronize.
 */
export function setSynchronizationPointOp(prefix: 'trt' | 'tr2'): Operation {
  return op('READ_MEDIA', (ctx) => {
    const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
    if (p.encoder !== undefined && p.videoSource) ctx.camera.requestSyncPoint(p.encoder);
    return `<${prefix}:SetSynchronizationPointResponse/>`;
  });
}

export function mediaUri(uri: string): string {
  return `<tt:Uri>${esc(uri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout>`;
}

function configToken(ctx: OnvifRequestContext): string | undefined {
  return textAt(ctx.req.body, 'ConfigurationToken');
}

function checkVideoSourceConfig(token: string | undefined): void {
  if (token !== TOKENS.videoSourceConfig)
    throw faults.invalidArgVal('NoConfig', `no video source configuration with token '${token ?? ''}'`);
}

/** Get…Configuration for a kind the camera has exactly one of: checks the ConfigurationToken, answers the configuration. */
function oneConfigurationOp(
  response: string,
  check: (token: string | undefined) => void,
  xml: (device: OnvifDevice, tag: string) => string,
): Operation {
  return op('READ_MEDIA', (ctx) => {
    check(configToken(ctx));
    return `<trt:${response}>${xml(ctx.device, 'trt:Configuration')}</trt:${response}>`;
  });
}

/** Media §5.3.2: a new profile is empty; its configurations are added one by one. */
function createProfile(ctx: OnvifRequestContext): string {
  const p = mediaProfiles(ctx.device).create(textAt(ctx.req.body, 'Name'), textAt(ctx.req.body, 'Token'));
  return `<trt:CreateProfileResponse>${profileXml(ctx.device, p, 'trt:Profile')}</trt:CreateProfileResponse>`;
}

function addVideoEncoder(ctx: OnvifRequestContext): string {
  const table = mediaProfiles(ctx.device);
  const p = table.get(textAt(ctx.req.body, 'ProfileToken'));
  const stream = encoderOrFault(ctx.device, configToken(ctx));
  if (ctx.device.encoder(stream)!.codec !== 'h264')
    throw faults.invalidArgVal(
      'NoConfig',
      `encoder configuration '${configToken(ctx) ?? ''}' is H.265, which Media ver10 does not carry`,
    );
  // An encoder encodes a source: without one in the profile there is nothing to stream.
  if (!p.videoSource)
    throw faults.action('ConfigurationConflict', `profile '${p.token}' has no video source configuration to encode`);
  p.encoder = stream;
  table.touch();
  return '<trt:AddVideoEncoderConfigurationResponse/>';
}

/** GetCompatible…Configurations for a kind whose one configuration suits every profile. */
function compatibleWithAnyOp(response: string, xml: (device: OnvifDevice, tag: string) => string): Operation {
  return op('READ_MEDIA', (ctx) => {
    profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
    return `<trt:${response}>${xml(ctx.device, 'trt:Configurations')}</trt:${response}>`;
  });
}

/**
 * Add…Configuration for a kind the camera has one of. Analytics analyse a source, and Media ver10
 * lets a device refuse them before the profile has one (`needsSourceTo`); metadata selects no
 * content (metadata-configuration.ts), so any profile takes it.
 */
function addOneOp(
  kind: 'videoSource' | 'analytics' | 'metadata',
  check: (token: string | undefined) => void,
  response: string,
  needsSourceTo?: string,
): Operation {
  return op('WRITE_SYSTEM', (ctx) => {
    const table = mediaProfiles(ctx.device);
    const p = table.get(textAt(ctx.req.body, 'ProfileToken'));
    check(configToken(ctx));
    if (needsSourceTo !== undefined && !p.videoSource)
      throw faults.action(
        'ConfigurationConflict',
        `profile '${p.token}' has no video source configuration to ${needsSourceTo}`,
      );
    p[kind] = true;
    table.touch();
    return `<trt:${response}/>`;
  });
}

function addPtz(ctx: OnvifRequestContext): string {
  const table = mediaProfiles(ctx.device);
  const p = table.get(textAt(ctx.req.body, 'ProfileToken'));
  if (!ctx.camera.hasPtz || configToken(ctx) !== TOKENS.ptzConfig)
    throw faults.invalidArgVal('NoConfig', `no PTZ configuration with token '${configToken(ctx) ?? ''}'`);
  p.ptz = true;
  table.touch();
  return '<trt:AddPTZConfigurationResponse/>';
}

function removeFromProfile(what: ProfileConfiguration, response: string): (ctx: OnvifRequestContext) => string {
  return (ctx) => {
    const table = mediaProfiles(ctx.device);
    removeConfiguration(table.get(textAt(ctx.req.body, 'ProfileToken')), what);
    table.touch();
    return `<trt:${response}/>`;
  };
}

/** Only the name can change: bounds and source are fixed (GetVideoSourceConfigurationOptions says so). Media, Media2 and DeviceIO take it. */
export function setVideoSourceConfiguration(ctx: OnvifRequestContext): void {
  const cfg = child(ctx.req.body, 'Configuration');
  checkVideoSourceConfig(attr(cfg, 'token'));
  const s = sourceResolution(ctx.camera);
  const source = textAt(cfg, 'SourceToken');
  if (source !== undefined && source !== TOKENS.videoSource)
    throw faults.invalidArgVal('ConfigModify', `SourceToken must be ${TOKENS.videoSource}`);
  const b = child(cfg, 'Bounds');
  if (b !== undefined) {
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(attr(b, k)));
    if (x !== 0 || y !== 0 || w !== s.width || h !== s.height)
      throw faults.invalidArgVal('ConfigModify', `Bounds must be 0,0 ${s.width}x${s.height} (got ${x},${y} ${w}x${h})`);
  }
  const name = textAt(cfg, 'Name');
  if (name !== undefined && name !== '') {
    const table = mediaProfiles(ctx.device);
    table.videoSourceName = name;
    table.touch();
  }
}

/** SetVideoSourceConfiguration as Media (trt) and Media2 (tr2) both answer it. */
export function setVideoSourceConfigurationOp(prefix: 'trt' | 'tr2'): Operation {
  return op('WRITE_SYSTEM', (ctx) => {
    setVideoSourceConfiguration(ctx);
    return `<${prefix}:SetVideoSourceConfigurationResponse/>`;
  });
}

/** The emulated encoders are one per stream the model declares, all H.264 in ver10 terms. */
function guaranteedInstances(ctx: OnvifRequestContext): string {
  checkVideoSourceConfig(configToken(ctx));
  const n = encoderProfiles(ctx.device).length;
  return `<trt:GetGuaranteedNumberOfVideoEncoderInstancesResponse><trt:TotalNumber>${n}</trt:TotalNumber><trt:H264>${n}</trt:H264></trt:GetGuaranteedNumberOfVideoEncoderInstancesResponse>`;
}

export const MEDIA_CAPABILITIES =
  `<trt:Capabilities SnapshotUri="true" Rotation="false" VideoSourceMode="false" OSD="false"><trt:ProfileCapabilities MaximumNumberOfProfiles="${MAX_MEDIA_PROFILES}"/>` +
  '<trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="false" RTP_RTSP_TCP="true" NonAggregateControl="false"/></trt:Capabilities>';

export const mediaService: OnvifService = {
  name: 'media',
  ns: NS.trt,
  offered: () => true,
  operations: new Map([
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        () => `<trt:GetServiceCapabilitiesResponse>${MEDIA_CAPABILITIES}</trt:GetServiceCapabilitiesResponse>`,
      ),
    ],
    [
      'GetProfiles',
      op('READ_MEDIA', (ctx) =>
        cachedForModel(
          PROFILES_CACHE,
          ctx.device,
          () =>
            `<trt:GetProfilesResponse>${mediaProfiles(ctx.device)
              .profiles.map((p) => profileXml(ctx.device, p, 'trt:Profiles'))
              .join('')}</trt:GetProfilesResponse>`,
        ),
      ),
    ],
    [
      'GetProfile',
      op('READ_MEDIA', (ctx) => {
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        return `<trt:GetProfileResponse>${profileXml(ctx.device, p, 'trt:Profile')}</trt:GetProfileResponse>`;
      }),
    ],
    ['CreateProfile', op('WRITE_SYSTEM', createProfile)],
    ['DeleteProfile', deleteProfileOp('trt', 'ProfileToken')],
    [
      'AddVideoSourceConfiguration',
      addOneOp('videoSource', checkVideoSourceConfig, 'AddVideoSourceConfigurationResponse'),
    ],
    [
      'RemoveVideoSourceConfiguration',
      op('WRITE_SYSTEM', removeFromProfile('videoSource', 'RemoveVideoSourceConfigurationResponse')),
    ],
    ['AddVideoEncoderConfiguration', op('WRITE_SYSTEM', addVideoEncoder)],
    [
      'RemoveVideoEncoderConfiguration',
      op('WRITE_SYSTEM', removeFromProfile('encoder', 'RemoveVideoEncoderConfigurationResponse')),
    ],
    ['AddPTZConfiguration', op('WRITE_SYSTEM', addPtz)],
    ['RemovePTZConfiguration', op('WRITE_SYSTEM', removeFromProfile('ptz', 'RemovePTZConfigurationResponse'))],
    [
      'GetVideoSources',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<trt:GetVideoSourcesResponse>${videoSourcesXml(ctx.device, 'trt:VideoSources')}</trt:GetVideoSourcesResponse>`,
      ),
    ],
    [
      'GetVideoSourceConfigurations',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<trt:GetVideoSourceConfigurationsResponse>${videoSourceConfigurationXml(ctx.device, 'trt:Configurations')}</trt:GetVideoSourceConfigurationsResponse>`,
      ),
    ],
    [
      'GetVideoSourceConfiguration',
      oneConfigurationOp('GetVideoSourceConfigurationResponse', checkVideoSourceConfig, videoSourceConfigurationXml),
    ],
    [
      'GetCompatibleVideoSourceConfigurations',
      compatibleWithAnyOp('GetCompatibleVideoSourceConfigurationsResponse', videoSourceConfigurationXml),
    ],
    ['SetVideoSourceConfiguration', setVideoSourceConfigurationOp('trt')],
    [
      'GetVideoSourceConfigurationOptions',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<trt:GetVideoSourceConfigurationOptionsResponse>${videoSourceOptionsXml(ctx.device, 'trt:Options')}</trt:GetVideoSourceConfigurationOptionsResponse>`,
      ),
    ],
    [
      'GetVideoEncoderConfigurations',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<trt:GetVideoEncoderConfigurationsResponse>${encoderProfiles(ctx.device)
            .map((p) => encoderXml(ctx.device, p, 'trt:Configurations'))
            .join('')}</trt:GetVideoEncoderConfigurationsResponse>`,
      ),
    ],
    [
      'GetCompatibleVideoEncoderConfigurations',
      op('READ_MEDIA', (ctx) => {
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        const compatible = p.videoSource ? encoderProfiles(ctx.device) : [];
        return `<trt:GetCompatibleVideoEncoderConfigurationsResponse>${compatible.map((e) => encoderXml(ctx.device, e, 'trt:Configurations')).join('')}</trt:GetCompatibleVideoEncoderConfigurationsResponse>`;
      }),
    ],
    [
      'GetVideoEncoderConfiguration',
      op('READ_MEDIA', (ctx) => {
        const p = encoderOrFault(ctx.device, configToken(ctx));
        if (ctx.device.encoder(p)!.codec !== 'h264')
          throw faults.invalidArgVal(
            'NoConfig',
            `encoder configuration '${configToken(ctx) ?? ''}' is H.265, which Media ver10 does not carry`,
          );
        return `<trt:GetVideoEncoderConfigurationResponse>${encoderXml(ctx.device, p, 'trt:Configuration')}</trt:GetVideoEncoderConfigurationResponse>`;
      }),
    ],
    [
      'GetVideoEncoderConfigurationOptions',
      op('READ_MEDIA', (ctx) => {
        const cfgToken = configToken(ctx);
        const profToken = textAt(ctx.req.body, 'ProfileToken');
        const p =
          cfgToken !== undefined
            ? encoderOrFault(ctx.device, cfgToken)
            : profToken !== undefined
              ? (profileOrFault(ctx.device, profToken).encoder ?? 'main')
              : 'main';
        return `<trt:GetVideoEncoderConfigurationOptionsResponse>${encoderOptionsXml(ctx.device, p)}</trt:GetVideoEncoderConfigurationOptionsResponse>`;
      }),
    ],
    ['GetGuaranteedNumberOfVideoEncoderInstances', op('READ_MEDIA', guaranteedInstances)],
    // No audio: the lists are truthfully empty, which clients read as "not offered".
    ['GetAudioSources', op('READ_MEDIA', () => '<trt:GetAudioSourcesResponse/>')],
    ['GetAudioSourceConfigurations', op('READ_MEDIA', () => '<trt:GetAudioSourceConfigurationsResponse/>')],
    ['GetAudioEncoderConfigurations', op('READ_MEDIA', () => '<trt:GetAudioEncoderConfigurationsResponse/>')],
    [
      'GetMetadataConfigurations',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<trt:GetMetadataConfigurationsResponse>${metadataConfigurationXml(ctx.device, 'trt:Configurations')}</trt:GetMetadataConfigurationsResponse>`,
      ),
    ],
    [
      'GetMetadataConfiguration',
      oneConfigurationOp('GetMetadataConfigurationResponse', checkMetadataConfig, metadataConfigurationXml),
    ],
    [
      'GetCompatibleMetadataConfigurations',
      compatibleWithAnyOp('GetCompatibleMetadataConfigurationsResponse', metadataConfigurationXml),
    ],
    [
      'GetMetadataConfigurationOptions',
      op('READ_MEDIA', (ctx) => {
        const token = configToken(ctx);
        if (token !== undefined) checkMetadataConfig(token);
        const profile = textAt(ctx.req.body, 'ProfileToken');
        if (profile !== undefined) profileOrFault(ctx.device, profile);
        return `<trt:GetMetadataConfigurationOptionsResponse>${metadataOptionsXml('trt:Options')}</trt:GetMetadataConfigurationOptionsResponse>`;
      }),
    ],
    [
      'SetMetadataConfiguration',
      op('ACTUATE', (ctx) => {
        setMetadataConfiguration(ctx);
        return '<trt:SetMetadataConfigurationResponse/>';
      }),
    ],
    ['AddMetadataConfiguration', addOneOp('metadata', checkMetadataConfig, 'AddMetadataConfigurationResponse')],
    [
      'RemoveMetadataConfiguration',
      op('WRITE_SYSTEM', removeFromProfile('metadata', 'RemoveMetadataConfigurationResponse')),
    ],
    [
      'GetVideoAnalyticsConfigurations',
      op(
        'READ_MEDIA',
        (ctx) =>
          `<trt:GetVideoAnalyticsConfigurationsResponse>${analyticsConfigurationXml(ctx.device, 'trt:Configurations')}</trt:GetVideoAnalyticsConfigurationsResponse>`,
      ),
    ],
    [
      'GetVideoAnalyticsConfiguration',
      oneConfigurationOp('GetVideoAnalyticsConfigurationResponse', checkAnalyticsConfig, analyticsConfigurationXml),
    ],
    [
      'GetCompatibleVideoAnalyticsConfigurations',
      op('READ_MEDIA', (ctx) => {
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        const compatible = p.videoSource ? analyticsConfigurationXml(ctx.device, 'trt:Configurations') : '';
        return `<trt:GetCompatibleVideoAnalyticsConfigurationsResponse>${compatible}</trt:GetCompatibleVideoAnalyticsConfigurationsResponse>`;
      }),
    ],
    [
      'AddVideoAnalyticsConfiguration',
      addOneOp('analytics', checkAnalyticsConfig, 'AddVideoAnalyticsConfigurationResponse', 'analyse'),
    ],
    [
      'RemoveVideoAnalyticsConfiguration',
      op('WRITE_SYSTEM', removeFromProfile('analytics', 'RemoveVideoAnalyticsConfigurationResponse')),
    ],
    ['SetVideoEncoderConfiguration', op('ACTUATE', setVideoEncoderConfiguration)],
    ['GetStreamUri', op('READ_MEDIA', getStreamUri)],
    ['SetSynchronizationPoint', setSynchronizationPointOp('trt')],
    [
      'GetSnapshotUri',
      op('READ_MEDIA', (ctx) => {
        const p = profileOrFault(ctx.device, textAt(ctx.req.body, 'ProfileToken'));
        return `<trt:GetSnapshotUriResponse><trt:MediaUri>${mediaUri(snapshotUrl(ctx.camera, streamOf(p)))}</trt:MediaUri></trt:GetSnapshotUriResponse>`;
      }),
    ],
  ]),
};
