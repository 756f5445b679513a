import type { Camera } from '../../camera/camera.ts';
import type { EncoderSettings, OnvifDevice, ProfileName } from '../onvif-device.ts';
import type { OnvifRequestContext } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { esc } from '../../wire/soap-writer.ts';
import { TOKENS, encoderToken, profileFromToken } from './tokens.ts';
import { ptzConfigurationXml } from './ptz-xml.ts';
import { ptzConfig } from './ptz-config.ts';
import { type MediaProfile, mediaProfiles } from './media-profiles.ts';

/** XML pieces Media (ver10) and Media2 (ver20) share: both carry tt: types from onvif.xsd. */

const H264_PROFILE_NAMES = { baseline: 'Baseline', main: 'Main', high: 'High' } as const;
export const H264_PROFILE_FROM_NAME: Record<string, EncoderSettings['h264Profile']> = {
  Baseline: 'baseline',
  Main: 'main',
  High: 'high',
};

/** The sensor: the largest profile's picture. */
export function sourceResolution(camera: Camera): { width: number; height: number; fps: number } {
  let best = camera.model.profiles[0]!;
  for (const p of camera.model.profiles) if (p.width * p.height > best.width * best.height) best = p;
  return { width: best.width, height: best.height, fps: best.fps };
}

export function videoSourceConfigurationXml(device: OnvifDevice, tag: string): string {
  const s = sourceResolution(device.camera);
  const table = mediaProfiles(device);
  return (
    `<${tag} token="${TOKENS.videoSourceConfig}"><tt:Name>${esc(table.videoSourceName)}</tt:Name><tt:UseCount>${table.videoSourceUseCount()}</tt:UseCount>` +
    `<tt:SourceToken>${TOKENS.videoSource}</tt:SourceToken><tt:Bounds x="0" y="0" width="${s.width}" height="${s.height}"/></${tag}>`
  );
}

/** tt:MulticastConfiguration of a camera that streams unicast only (RTPMulticast="false"). */
export const NO_MULTICAST =
  '<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address><tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>';
/** The RTSP session timeout the configurations state: the RTSP server's default of 60 s. */
export const SESSION_TIMEOUT = 'PT60S';

/** Media ver10 tt:VideoEncoderConfiguration; ver10 knows no H.265, so an H.265 profile has none there. */
export function videoEncoderConfigurationXml(
  profile: ProfileName,
  e: EncoderSettings,
  tag: string,
  useCount: number,
): string {
  return (
    `<${tag} token="${encoderToken(profile)}"><tt:Name>${esc(e.name)}</tt:Name><tt:UseCount>${useCount}</tt:UseCount><tt:Encoding>H264</tt:Encoding>` +
    `<tt:Resolution><tt:Width>${e.width}</tt:Width><tt:Height>${e.height}</tt:Height></tt:Resolution><tt:Quality>${e.quality}</tt:Quality>` +
    `<tt:RateControl><tt:FrameRateLimit>${e.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>${e.bitrateKbps}</tt:BitrateLimit></tt:RateControl>` +
    `<tt:H264><tt:GovLength>${e.gopFrames}</tt:GovLength><tt:H264Profile>${H264_PROFILE_NAMES[e.h264Profile]}</tt:H264Profile></tt:H264>` +
    `${NO_MULTICAST}<tt:SessionTimeout>${SESSION_TIMEOUT}</tt:SessionTimeout></${tag}>`
  );
}

/** Media2 tt:VideoEncoder2Configuration. */
export function videoEncoder2ConfigurationXml(
  profile: ProfileName,
  e: EncoderSettings,
  tag: string,
  useCount: number,
): string {
  const encoding = e.codec === 'h265' ? 'H265' : 'H264';
  const prof = e.codec === 'h265' ? 'Main' : H264_PROFILE_NAMES[e.h264Profile];
  return (
    `<${tag} token="${encoderToken(profile)}" GovLength="${e.gopFrames}" Profile="${prof}"><tt:Name>${esc(e.name)}</tt:Name><tt:UseCount>${useCount}</tt:UseCount><tt:Encoding>${encoding}</tt:Encoding>` +
    `<tt:Resolution><tt:Width>${e.width}</tt:Width><tt:Height>${e.height}</tt:Height></tt:Resolution>` +
    `<tt:RateControl ConstantBitRate="false"><tt:FrameRateLimit>${e.fps}</tt:FrameRateLimit><tt:BitrateLimit>${e.bitrateKbps}</tt:BitrateLimit></tt:RateControl>` +
    `<tt:Quality>${e.quality}</tt:Quality></${tag}>`
  );
}

/**
 * tt:VideoAnalyticsConfiguration: the one rule the camera runs, the cell motion detector whose
 * tns1:RuleEngine/CellMotionDetector/Motion events carry this configuration's token. The detector
 * has no tunable parameters here, so none are listed.
 */
export function analyticsConfigurationXml(device: OnvifDevice, tag: string): string {
  return (
    `<${tag} token="${TOKENS.analyticsConfig}"><tt:Name>VideoAnalytics</tt:Name><tt:UseCount>${mediaProfiles(device).analyticsUseCount()}</tt:UseCount>` +
    `<tt:AnalyticsEngineConfiguration/><tt:RuleEngineConfiguration><tt:Rule Name="${TOKENS.motionRule}" Type="tt:CellMotionDetector"><tt:Parameters/></tt:Rule></tt:RuleEngineConfiguration></${tag}>`
  );
}

export function analyticsConfigIfAny(device: OnvifDevice, profile: MediaProfile, tag: string): string {
  return profile.analytics ? analyticsConfigurationXml(device, tag) : '';
}

export function checkAnalyticsConfig(token: string | undefined): void {
  if (token !== TOKENS.analyticsConfig)
    throw faults.invalidArgVal('NoConfig', `no video analytics configuration with token '${token ?? ''}'`);
}

export function ptzConfigIfAny(device: OnvifDevice, profile: MediaProfile, tag: string): string {
  return device.camera.hasPtz && profile.ptz
    ? ptzConfigurationXml(tag, mediaProfiles(device).ptzUseCount(), ptzConfig(device))
    : '';
}

/** Resolutions a profile may be set to: its own and the usual smaller ones, never above the sensor. */
export function resolutionsAvailable(camera: Camera, profile: ProfileName): Array<{ width: number; height: number }> {
  const s = sourceResolution(camera);
  const own = camera.modelProfile(profile)!;
  const all = [
    { width: own.width, height: own.height },
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
    { width: 640, height: 360 },
    { width: 352, height: 288 },
  ];
  const seen = new Set<string>();
  return all.filter((r) => {
    const key = `${r.width}x${r.height}`;
    if (seen.has(key) || r.width > s.width || r.height > s.height) return false;
    seen.add(key);
    return true;
  });
}

export function profileOrFault(device: OnvifDevice, token: string | undefined): MediaProfile {
  return mediaProfiles(device).get(token);
}

export function encoderOrFault(device: OnvifDevice, token: string | undefined): ProfileName {
  const p = profileFromToken(token);
  if (p === undefined || device.camera.profile(p) === undefined || token?.startsWith('VideoEncoder_') !== true) {
    throw faults.invalidArgVal('NoConfig', `no video encoder configuration with token '${token ?? ''}'`);
  }
  return p;
}

/** Checks a requested encoder change against the options this profile advertises. */
export function checkEncoderChange(camera: Camera, profile: ProfileName, next: EncoderSettings): void {
  const own = camera.modelProfile(profile)!;
  const ok = resolutionsAvailable(camera, profile).some((r) => r.width === next.width && r.height === next.height);
  if (!ok)
    throw faults.invalidArgVal('ConfigModify', `resolution ${next.width}x${next.height} is not offered for ${profile}`);
  if (!(next.fps >= 1 && next.fps <= own.fps))
    throw faults.invalidArgVal('ConfigModify', `FrameRateLimit ${next.fps} outside 1..${own.fps}`);
  if (!(next.bitrateKbps >= 16 && next.bitrateKbps <= 50_000))
    throw faults.invalidArgVal('ConfigModify', `BitrateLimit ${next.bitrateKbps} outside 16..50000 kbit/s`);
  if (!(next.gopFrames >= 1 && next.gopFrames <= 600))
    throw faults.invalidArgVal('ConfigModify', `GovLength ${next.gopFrames} outside 1..600`);
  if (!(next.quality >= 0 && next.quality <= 10))
    throw faults.invalidArgVal('ConfigModify', `Quality ${next.quality} outside 0..10`);
  if (next.codec !== own.codec)
    throw faults.invalidArgVal(
      'ConfigModify',
      `encoding ${next.codec.toUpperCase()} is not offered for ${profile} (${own.codec.toUpperCase()} only)`,
    );
}

/**
 * Stores an accepted encoder change and, once the response is out, restarts the profile's stream
 * with it, as a real encoder does: sessions of that profile end and new ones get the new stream.
 */
export function applyEncoderChange(ctx: OnvifRequestContext, profile: ProfileName, next: EncoderSettings): void {
  ctx.device.mutableSettings().encoders[profile] = next;
  const own = ctx.camera.profile(profile)!;
  const { codec, width, height, fps, bitrateKbps, gopFrames, h264Profile } = next;
  ctx.afterResponse.push(() =>
    ctx.camera.reconfigureStream({ ...own, codec, width, height, fps, bitrateKbps, gopFrames, h264Profile }),
  );
}

export function num(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw faults.invalidArgVal('ConfigModify', `'${raw}' is not a number`);
  return v;
}
