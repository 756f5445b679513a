import type { Camera } from '../../camera/camera.ts';
import { formatXsDurationMs } from '../xs-duration.ts';
import { TOKENS } from './tokens.ts';
import { esc } from '../../wire/soap-writer.ts';

export const PTZ_SPACES = {
  absPanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace',
  absZoom: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace',
  relPanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/TranslationGenericSpace',
  relZoom: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/TranslationGenericSpace',
  velPanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace',
  velZoom: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace',
  speedPanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/GenericSpeedSpace',
  speedZoom: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/ZoomGenericSpeedSpace',
} as const;

/** Default timeout of a ContinuousMove that names none. */
export const PTZ_DEFAULT_TIMEOUT_MS = 10_000;

const range = (min: number, max: number): string => `<tt:Min>${min}</tt:Min><tt:Max>${max}</tt:Max>`;

export function ptzConfigurationXml(
  tag: string,
  useCount: number,
  cfg: { name: string; defaultTimeoutMs: number },
): string {
  return (
    `<${tag} token="${TOKENS.ptzConfig}" MoveRamp="0" PresetRamp="0" PresetTourRamp="0"><tt:Name>${esc(cfg.name)}</tt:Name><tt:UseCount>${useCount}</tt:UseCount><tt:NodeToken>${TOKENS.ptzNode}</tt:NodeToken>` +
    `<tt:DefaultAbsolutePantTiltPositionSpace>${PTZ_SPACES.absPanTilt}</tt:DefaultAbsolutePantTiltPositionSpace>` +
    `<tt:DefaultAbsoluteZoomPositionSpace>${PTZ_SPACES.absZoom}</tt:DefaultAbsoluteZoomPositionSpace>` +
    `<tt:DefaultRelativePanTiltTranslationSpace>${PTZ_SPACES.relPanTilt}</tt:DefaultRelativePanTiltTranslationSpace>` +
    `<tt:DefaultRelativeZoomTranslationSpace>${PTZ_SPACES.relZoom}</tt:DefaultRelativeZoomTranslationSpace>` +
    `<tt:DefaultContinuousPanTiltVelocitySpace>${PTZ_SPACES.velPanTilt}</tt:DefaultContinuousPanTiltVelocitySpace>` +
    `<tt:DefaultContinuousZoomVelocitySpace>${PTZ_SPACES.velZoom}</tt:DefaultContinuousZoomVelocitySpace>` +
    `<tt:DefaultPTZSpeed><tt:PanTilt x="1" y="1" space="${PTZ_SPACES.speedPanTilt}"/><tt:Zoom x="1" space="${PTZ_SPACES.speedZoom}"/></tt:DefaultPTZSpeed>` +
    `<tt:DefaultPTZTimeout>${formatXsDurationMs(cfg.defaultTimeoutMs)}</tt:DefaultPTZTimeout>` +
    `<tt:PanTiltLimits><tt:Range><tt:URI>${PTZ_SPACES.absPanTilt}</tt:URI><tt:XRange>${range(-1, 1)}</tt:XRange><tt:YRange>${range(-1, 1)}</tt:YRange></tt:Range></tt:PanTiltLimits>` +
    `<tt:ZoomLimits><tt:Range><tt:URI>${PTZ_SPACES.absZoom}</tt:URI><tt:XRange>${range(0, 1)}</tt:XRange></tt:Range></tt:ZoomLimits>` +
    `</${tag}>`
  );
}

export function ptzNodeXml(camera: Camera, tag: string): string {
  const s2 = (el: string, uri: string, x: [number, number], y: [number, number]): string =>
    `<tt:${el}><tt:URI>${uri}</tt:URI><tt:XRange>${range(...x)}</tt:XRange><tt:YRange>${range(...y)}</tt:YRange></tt:${el}>`;
  const s1 = (el: string, uri: string, x: [number, number]): string =>
    `<tt:${el}><tt:URI>${uri}</tt:URI><tt:XRange>${range(...x)}</tt:XRange></tt:${el}>`;
  return (
    `<${tag} token="${TOKENS.ptzNode}" FixedHomePosition="false"><tt:Name>PTZNode</tt:Name><tt:SupportedPTZSpaces>` +
    s2('AbsolutePanTiltPositionSpace', PTZ_SPACES.absPanTilt, [-1, 1], [-1, 1]) +
    s1('AbsoluteZoomPositionSpace', PTZ_SPACES.absZoom, [0, 1]) +
    s2('RelativePanTiltTranslationSpace', PTZ_SPACES.relPanTilt, [-2, 2], [-2, 2]) +
    s1('RelativeZoomTranslationSpace', PTZ_SPACES.relZoom, [-1, 1]) +
    s2('ContinuousPanTiltVelocitySpace', PTZ_SPACES.velPanTilt, [-1, 1], [-1, 1]) +
    s1('ContinuousZoomVelocitySpace', PTZ_SPACES.velZoom, [-1, 1]) +
    s1('PanTiltSpeedSpace', PTZ_SPACES.speedPanTilt, [0, 1]) +
    s1('ZoomSpeedSpace', PTZ_SPACES.speedZoom, [0, 1]) +
    `</tt:SupportedPTZSpaces><tt:MaximumNumberOfPresets>${camera.model.ptz?.maxPresets ?? 0}</tt:MaximumNumberOfPresets><tt:HomeSupported>true</tt:HomeSupported></${tag}>`
  );
}
