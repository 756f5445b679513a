import type { ImagingSettings } from '../onvif-device.ts';
import { type OnvifRequestContext, type OnvifService, op } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { NS } from '../../wire/soap-writer.ts';
import { child, textAt } from '../../wire/xml-element.ts';
import { TOKENS } from './tokens.ts';

const DEFAULTS: ImagingSettings = {
  brightness: 50,
  colorSaturation: 50,
  contrast: 50,
  sharpness: 50,
  irCutFilter: 'AUTO',
};
const IR_MODES: ReadonlySet<string> = new Set(['ON', 'OFF', 'AUTO']);

function checkSource(ctx: OnvifRequestContext): void {
  const token = textAt(ctx.req.body, 'VideoSourceToken');
  if (token !== TOKENS.videoSource)
    throw faults.invalidArgVal('NoSource', `no video source with token '${token ?? ''}'`);
}

function settingsXml(s: ImagingSettings): string {
  return (
    `<tt:Brightness>${s.brightness}</tt:Brightness><tt:ColorSaturation>${s.colorSaturation}</tt:ColorSaturation><tt:Contrast>${s.contrast}</tt:Contrast>` +
    `<tt:IrCutFilter>${s.irCutFilter}</tt:IrCutFilter><tt:Sharpness>${s.sharpness}</tt:Sharpness>`
  );
}

function level(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || v > 100)
    throw faults.invalidArgVal('SettingsInvalid', `${name} ${raw} outside 0..100`);
  return v;
}

function setImagingSettings(ctx: OnvifRequestContext): string {
  checkSource(ctx);
  const el = child(ctx.req.body, 'ImagingSettings');
  if (el === undefined) throw faults.invalidArgs('ImagingSettings is required');
  const cur = ctx.device.settings?.imaging ?? DEFAULTS;
  const ir = textAt(el, 'IrCutFilter') ?? cur.irCutFilter;
  if (!IR_MODES.has(ir)) throw faults.invalidArgVal('SettingsInvalid', `IrCutFilter ${ir} is not ON, OFF or AUTO`);
  ctx.device.mutableSettings().imaging = {
    brightness: level(textAt(el, 'Brightness'), 'Brightness', cur.brightness),
    colorSaturation: level(textAt(el, 'ColorSaturation'), 'ColorSaturation', cur.colorSaturation),
    contrast: level(textAt(el, 'Contrast'), 'Contrast', cur.contrast),
    sharpness: level(textAt(el, 'Sharpness'), 'Sharpness', cur.sharpness),
    irCutFilter: ir as ImagingSettings['irCutFilter'],
  };
  return '<timg:SetImagingSettingsResponse/>';
}

const range = '<tt:Min>0</tt:Min><tt:Max>100</tt:Max>';
const OPTIONS =
  `<timg:ImagingOptions><tt:Brightness>${range}</tt:Brightness><tt:ColorSaturation>${range}</tt:ColorSaturation><tt:Contrast>${range}</tt:Contrast>` +
  `<tt:IrCutFilterModes>ON</tt:IrCutFilterModes><tt:IrCutFilterModes>OFF</tt:IrCutFilterModes><tt:IrCutFilterModes>AUTO</tt:IrCutFilterModes><tt:Sharpness>${range}</tt:Sharpness></timg:ImagingOptions>`;

/**
 * The emulated lens has a fixed focus: GetMoveOptions offers no move mode, so every Move is
 * refused, GetStatus carries no focus status and Stop has nothing to stop (Imaging §4.4).
 */
function move(ctx: OnvifRequestContext): string {
  checkSource(ctx);
  const focus = child(ctx.req.body, 'Focus');
  const mode = focus?.children[0]?.local ?? 'none';
  throw faults.invalidArgVal(
    'SettingsInvalid',
    `focus move '${mode}' is not supported: the lens has a fixed focus (GetMoveOptions lists no move)`,
  );
}

export const imagingService: OnvifService = {
  name: 'imaging',
  ns: NS.timg,
  offered: () => true,
  operations: new Map([
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        () =>
          '<timg:GetServiceCapabilitiesResponse><timg:Capabilities ImageStabilization="false" Presets="false"/></timg:GetServiceCapabilitiesResponse>',
      ),
    ],
    [
      'GetImagingSettings',
      op('READ_MEDIA', (ctx) => {
        checkSource(ctx);
        return `<timg:GetImagingSettingsResponse><timg:ImagingSettings>${settingsXml(ctx.device.settings?.imaging ?? DEFAULTS)}</timg:ImagingSettings></timg:GetImagingSettingsResponse>`;
      }),
    ],
    ['SetImagingSettings', op('ACTUATE', setImagingSettings)],
    [
      'GetMoveOptions',
      op('READ_MEDIA', (ctx) => {
        checkSource(ctx);
        return '<timg:GetMoveOptionsResponse><timg:MoveOptions/></timg:GetMoveOptionsResponse>';
      }),
    ],
    ['Move', op('ACTUATE', move)],
    [
      'Stop',
      op('ACTUATE', (ctx) => {
        checkSource(ctx);
        return '<timg:StopResponse/>';
      }),
    ],
    [
      'GetStatus',
      op('READ_MEDIA', (ctx) => {
        checkSource(ctx);
        return '<timg:GetStatusResponse><timg:Status/></timg:GetStatusResponse>';
      }),
    ],
    [
      'GetOptions',
      op('READ_MEDIA', (ctx) => {
        checkSource(ctx);
        return `<timg:GetOptionsResponse>${OPTIONS}</timg:GetOptionsResponse>`;
      }),
    ],
  ]),
};
