import type { PtzPosition } from '../../camera/camera.ts';
import type { PtzObservation } from '../../observations/observation.ts';
import type { PtzHead, PtzSpeedFactor } from '../../ptz/ptz-head.ts';
import { PTZ_LIMITS } from '../../ptz/ptz-head.ts';
import { type OnvifRequestContext, type OnvifService, op } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { NS, esc, isoTime } from '../../wire/soap-writer.ts';
import { type XmlElement, attr, child, textAt } from '../../wire/xml-element.ts';
import { formatXsDurationMs, parseXsDurationMs } from '../xs-duration.ts';
import { profileOrFault } from './media-xml.ts';
import { PTZ_SPACES, ptzConfigurationXml, ptzNodeXml } from './ptz-xml.ts';
import { TOKENS } from './tokens.ts';
import { mediaProfiles } from './media-profiles.ts';
import { PTZ_TIMEOUT_RANGE_MS, ptzConfig } from './ptz-config.ts';

function head(ctx: OnvifRequestContext): PtzHead {
  const h = ctx.device.ptz;
  if (h === undefined) throw faults.actionNotSupported('ptz', ctx.req.operation);
  return h;
}

/** Every PTZ operation names a profile; all profiles share the one head. */
function checkProfile(ctx: OnvifRequestContext): string {
  const token = textAt(ctx.req.body, 'ProfileToken');
  profileOrFault(ctx.device, token);
  return token!;
}

function record(
  ctx: OnvifRequestContext,
  profile: string,
  command: PtzObservation['command'],
  position?: PtzPosition,
  preset?: string,
): void {
  const obs: PtzObservation = {
    kind: 'ptz.command',
    atMs: ctx.nowMs,
    camera: ctx.camera.id,
    client: ctx.client,
    profile,
    command,
  };
  if (position !== undefined) obs.position = { pan: position.pan, tilt: position.tilt, zoom: position.zoom };
  if (preset !== undefined) obs.preset = preset;
  ctx.log.record(obs);
}

function float(el: XmlElement | undefined, name: string): number | undefined {
  const raw = attr(el, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw faults.invalidArgVal('InvalidPosition', `${name}='${raw}' is not a number`);
  return v;
}

function checkSpace(el: XmlElement | undefined, ...allowed: string[]): void {
  const space = attr(el, 'space');
  if (space !== undefined && !allowed.includes(space))
    throw faults.invalidArgVal('SpaceNotSupported', `space ${space} is not supported`);
}

/** Reads a tt:PTZVector (PanTilt x/y, Zoom x) into a partial position. */
function vector(el: XmlElement | undefined, panTiltSpace: string, zoomSpace: string): Partial<PtzPosition> {
  const pt = child(el, 'PanTilt');
  const z = child(el, 'Zoom');
  checkSpace(pt, panTiltSpace);
  checkSpace(z, zoomSpace);
  const v: Partial<PtzPosition> = {};
  const pan = float(pt, 'x');
  const tilt = float(pt, 'y');
  const zoom = float(z, 'x');
  if (pan !== undefined) v.pan = pan;
  if (tilt !== undefined) v.tilt = tilt;
  if (zoom !== undefined) v.zoom = zoom;
  return v;
}

function speed(el: XmlElement | undefined): PtzSpeedFactor {
  const pt = child(el, 'PanTilt');
  const z = child(el, 'Zoom');
  const f: PtzSpeedFactor = {};
  const x = float(pt, 'x');
  const y = float(pt, 'y');
  if (x !== undefined || y !== undefined) f.panTilt = Math.max(Math.abs(x ?? 0), Math.abs(y ?? 0));
  const zx = float(z, 'x');
  if (zx !== undefined) f.zoom = Math.abs(zx);
  return f;
}

/** Positions print to a micro-unit, as devices report them, not with the head's float noise (0.29999999999999993). */
function micro(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function positionXml(p: PtzPosition): string {
  return `<tt:PanTilt x="${micro(p.pan)}" y="${micro(p.tilt)}" space="${PTZ_SPACES.absPanTilt}"/><tt:Zoom x="${micro(p.zoom)}" space="${PTZ_SPACES.absZoom}"/>`;
}

function absoluteMove(ctx: OnvifRequestContext): string {
  const h = head(ctx);
  const profile = checkProfile(ctx);
  const target = vector(child(ctx.req.body, 'Position'), PTZ_SPACES.absPanTilt, PTZ_SPACES.absZoom);
  for (const axis of ['pan', 'tilt', 'zoom'] as const) {
    const v = target[axis];
    const [lo, hi] = PTZ_LIMITS[axis];
    if (v !== undefined && (v < lo || v > hi))
      throw faults.invalidArgVal('InvalidPosition', `${axis} ${v} outside ${lo}..${hi}`);
  }
  h.moveTo(target, speed(child(ctx.req.body, 'Speed')), ctx.nowMs);
  record(ctx, profile, 'AbsoluteMove', { ...h.snapshot(ctx.nowMs), ...target });
  return '<tptz:AbsoluteMoveResponse/>';
}

function relativeMove(ctx: OnvifRequestContext): string {
  const h = head(ctx);
  const profile = checkProfile(ctx);
  const delta = vector(child(ctx.req.body, 'Translation'), PTZ_SPACES.relPanTilt, PTZ_SPACES.relZoom);
  const from = h.snapshot(ctx.nowMs);
  h.moveBy(delta, speed(child(ctx.req.body, 'Speed')), ctx.nowMs);
  const clampAxis = (axis: keyof PtzPosition): number =>
    Math.min(PTZ_LIMITS[axis][1], Math.max(PTZ_LIMITS[axis][0], from[axis] + (delta[axis] ?? 0)));
  record(ctx, profile, 'RelativeMove', { pan: clampAxis('pan'), tilt: clampAxis('tilt'), zoom: clampAxis('zoom') });
  return '<tptz:RelativeMoveResponse/>';
}

function continuousMove(ctx: OnvifRequestContext): string {
  const h = head(ctx);
  const profile = checkProfile(ctx);
  const velocity = vector(child(ctx.req.body, 'Velocity'), PTZ_SPACES.velPanTilt, PTZ_SPACES.velZoom);
  const timeoutText = textAt(ctx.req.body, 'Timeout');
  const timeoutMs = timeoutText === undefined ? ptzConfig(ctx.device).defaultTimeoutMs : parseXsDurationMs(timeoutText);
  if (timeoutMs === undefined || timeoutMs < 0)
    throw faults.invalidArgVal('InvalidTimeout', `Timeout '${timeoutText ?? ''}' is not a positive xs:duration`);
  h.moveContinuously(velocity, timeoutMs, ctx.nowMs);
  record(ctx, profile, 'ContinuousMove');
  return '<tptz:ContinuousMoveResponse/>';
}

function stop(ctx: OnvifRequestContext): string {
  const h = head(ctx);
  const profile = checkProfile(ctx);
  const panTilt = textAt(ctx.req.body, 'PanTilt');
  const zoom = textAt(ctx.req.body, 'Zoom');
  // Both absent means stop everything (PTZ spec §5.3.5).
  const both = panTilt === undefined && zoom === undefined;
  h.stop(both || panTilt === 'true', both || zoom === 'true', ctx.nowMs);
  record(ctx, profile, 'Stop', h.snapshot(ctx.nowMs));
  return '<tptz:StopResponse/>';
}

function getStatus(ctx: OnvifRequestContext): string {
  const h = head(ctx);
  checkProfile(ctx);
  const now = ctx.nowMs;
  const state = (moving: boolean): string => (moving ? 'MOVING' : 'IDLE');
  return (
    `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position>${positionXml(h.snapshot(now))}</tt:Position>` +
    `<tt:MoveStatus><tt:PanTilt>${state(h.axisMoving('pan', now) || h.axisMoving('tilt', now))}</tt:PanTilt><tt:Zoom>${state(h.axisMoving('zoom', now))}</tt:Zoom></tt:MoveStatus>` +
    `<tt:UtcTime>${isoTime(ctx.device.deviceTimeMs(now))}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`
  );
}

function presetToken(ctx: OnvifRequestContext, h: PtzHead): string {
  const token = textAt(ctx.req.body, 'PresetToken') ?? '';
  if (h.preset(token) === undefined) throw faults.invalidArgVal('NoToken', `no preset with token '${token}'`);
  return token;
}

function configXml(ctx: OnvifRequestContext): string {
  return ptzConfigurationXml('tptz:PTZConfiguration', mediaProfiles(ctx.device).ptzUseCount(), ptzConfig(ctx.device));
}

function checkConfigToken(token: string | undefined): void {
  if (token !== TOKENS.ptzConfig)
    throw faults.invalidArgVal('NoConfig', `no PTZ configuration with token '${token ?? ''}'`);
}

/** Name and DefaultPTZTimeout can change; node, spaces and limits are the head's own (GetConfigurationOptions). */
function setConfiguration(ctx: OnvifRequestContext): string {
  const cfg = child(ctx.req.body, 'PTZConfiguration');
  checkConfigToken(attr(cfg, 'token'));
  const node = textAt(cfg, 'NodeToken');
  if (node !== undefined && node !== TOKENS.ptzNode)
    throw faults.invalidArgVal('ConfigModify', `NodeToken must be ${TOKENS.ptzNode}`);
  const timeoutText = textAt(cfg, 'DefaultPTZTimeout');
  const state = ptzConfig(ctx.device);
  let timeoutMs = state.defaultTimeoutMs;
  if (timeoutText !== undefined) {
    const t = parseXsDurationMs(timeoutText);
    if (t === undefined || t < PTZ_TIMEOUT_RANGE_MS.min || t > PTZ_TIMEOUT_RANGE_MS.max)
      throw faults.invalidArgVal('ConfigModify', `DefaultPTZTimeout '${timeoutText}' outside PT1S..PT300S`);
    timeoutMs = t;
  }
  const name = textAt(cfg, 'Name');
  if (name !== undefined && name !== '') state.name = name;
  state.defaultTimeoutMs = timeoutMs;
  // Profiles embed the PTZ configuration: their cached XML is stale now.
  mediaProfiles(ctx.device).touch();
  return '<tptz:SetConfigurationResponse/>';
}

const CAPABILITIES =
  '<tptz:Capabilities EFlip="false" Reverse="false" GetCompatibleConfigurations="true" MoveStatus="true" StatusPosition="true"/>';

export const ptzService: OnvifService = {
  name: 'ptz',
  ns: NS.tptz,
  offered: (camera) => camera.hasPtz,
  operations: new Map([
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        () => `<tptz:GetServiceCapabilitiesResponse>${CAPABILITIES}</tptz:GetServiceCapabilitiesResponse>`,
      ),
    ],
    [
      'GetNodes',
      op(
        'READ_MEDIA',
        (ctx) => `<tptz:GetNodesResponse>${ptzNodeXml(ctx.camera, 'tptz:PTZNode')}</tptz:GetNodesResponse>`,
      ),
    ],
    [
      'GetNode',
      op('READ_MEDIA', (ctx) => {
        const token = textAt(ctx.req.body, 'NodeToken');
        if (token !== TOKENS.ptzNode) throw faults.invalidArgVal('NoEntity', `no PTZ node with token '${token ?? ''}'`);
        return `<tptz:GetNodeResponse>${ptzNodeXml(ctx.camera, 'tptz:PTZNode')}</tptz:GetNodeResponse>`;
      }),
    ],
    [
      'GetConfigurations',
      op('READ_MEDIA', (ctx) => `<tptz:GetConfigurationsResponse>${configXml(ctx)}</tptz:GetConfigurationsResponse>`),
    ],
    [
      'GetConfiguration',
      op('READ_MEDIA', (ctx) => {
        checkConfigToken(textAt(ctx.req.body, 'PTZConfigurationToken'));
        return `<tptz:GetConfigurationResponse>${configXml(ctx)}</tptz:GetConfigurationResponse>`;
      }),
    ],
    [
      'GetConfigurationOptions',
      op('READ_MEDIA', (ctx) => {
        checkConfigToken(textAt(ctx.req.body, 'ConfigurationToken'));
        const node = ptzNodeXml(ctx.camera, 'x');
        const spaces = node.slice(
          node.indexOf('<tt:SupportedPTZSpaces>') + 23,
          node.indexOf('</tt:SupportedPTZSpaces>'),
        );
        return `<tptz:GetConfigurationOptionsResponse><tptz:PTZConfigurationOptions><tt:Spaces>${spaces}</tt:Spaces><tt:PTZTimeout><tt:Min>${formatXsDurationMs(PTZ_TIMEOUT_RANGE_MS.min)}</tt:Min><tt:Max>${formatXsDurationMs(PTZ_TIMEOUT_RANGE_MS.max)}</tt:Max></tt:PTZTimeout></tptz:PTZConfigurationOptions></tptz:GetConfigurationOptionsResponse>`;
      }),
    ],
    ['SetConfiguration', op('WRITE_SYSTEM', setConfiguration)],
    [
      'GetCompatibleConfigurations',
      op('READ_MEDIA', (ctx) => {
        checkProfile(ctx);
        return `<tptz:GetCompatibleConfigurationsResponse>${configXml(ctx)}</tptz:GetCompatibleConfigurationsResponse>`;
      }),
    ],
    ['AbsoluteMove', op('ACTUATE', absoluteMove)],
    ['RelativeMove', op('ACTUATE', relativeMove)],
    ['ContinuousMove', op('ACTUATE', continuousMove)],
    ['Stop', op('ACTUATE', stop)],
    ['GetStatus', op('READ_MEDIA', getStatus)],
    [
      'GetPresets',
      op('READ_MEDIA', (ctx) => {
        const h = head(ctx);
        checkProfile(ctx);
        return `<tptz:GetPresetsResponse>${h
          .presets()
          .map(
            (p) =>
              `<tptz:Preset token="${esc(p.token)}"><tt:Name>${esc(p.name)}</tt:Name><tt:PTZPosition>${positionXml(p.position)}</tt:PTZPosition></tptz:Preset>`,
          )
          .join('')}</tptz:GetPresetsResponse>`;
      }),
    ],
    [
      'SetPreset',
      op('ACTUATE', (ctx) => {
        const h = head(ctx);
        const profile = checkProfile(ctx);
        const name = textAt(ctx.req.body, 'PresetName');
        const token = textAt(ctx.req.body, 'PresetToken');
        if (token !== undefined && h.preset(token) === undefined)
          throw faults.invalidArgVal('NoToken', `no preset with token '${token}'`);
        if (name !== undefined && h.presets().some((p) => p.name === name && p.token !== token))
          throw faults.invalidArgVal('PresetExist', `a preset named '${name}' exists`);
        const preset = h.setPreset(name, token, ctx.nowMs);
        if (preset === undefined) throw faults.action('TooManyPresets', `at most ${h.spec.maxPresets} presets`);
        record(ctx, profile, 'SetPreset', preset.position, preset.token);
        return `<tptz:SetPresetResponse><tptz:PresetToken>${esc(preset.token)}</tptz:PresetToken></tptz:SetPresetResponse>`;
      }),
    ],
    [
      'RemovePreset',
      op('ACTUATE', (ctx) => {
        const h = head(ctx);
        const profile = checkProfile(ctx);
        const token = presetToken(ctx, h);
        h.removePreset(token);
        record(ctx, profile, 'RemovePreset', undefined, token);
        return '<tptz:RemovePresetResponse/>';
      }),
    ],
    [
      'GotoPreset',
      op('ACTUATE', (ctx) => {
        const h = head(ctx);
        const profile = checkProfile(ctx);
        const token = presetToken(ctx, h);
        const target = h.preset(token)!.position;
        h.moveTo(target, speed(child(ctx.req.body, 'Speed')), ctx.nowMs);
        record(ctx, profile, 'GotoPreset', target, token);
        return '<tptz:GotoPresetResponse/>';
      }),
    ],
    [
      'GotoHomePosition',
      op('ACTUATE', (ctx) => {
        const h = head(ctx);
        const profile = checkProfile(ctx);
        h.moveTo(h.homePosition, speed(child(ctx.req.body, 'Speed')), ctx.nowMs);
        record(ctx, profile, 'GotoHomePosition', h.homePosition);
        return '<tptz:GotoHomePositionResponse/>';
      }),
    ],
    [
      'SetHomePosition',
      op('ACTUATE', (ctx) => {
        const h = head(ctx);
        checkProfile(ctx);
        h.setHome(ctx.nowMs);
        return '<tptz:SetHomePositionResponse/>';
      }),
    ],
  ]),
};
