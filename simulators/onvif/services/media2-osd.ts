import type { OnvifDevice } from '../onvif-device.ts';
import { type OnvifRequestContext, type Operation, op } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { esc } from '../../wire/soap-writer.ts';
import { type XmlElement, attr, child, textAt } from '../../wire/xml-element.ts';
import { deviceState } from './device-state.ts';
import { TOKENS } from './tokens.ts';

/**
 * Media2 on-screen display configurations (Media2 §5.8): text overlays only. The camera keeps
 * and reports them; the streams are pre-encoded clips, so the text is not drawn into the picture.
 */
export interface OsdConfig {
  token: string;
  position: { type: string; x?: number; y?: number };
  text: { type: string; dateFormat?: string; timeFormat?: string; fontSize?: number; plainText?: string };
}

export const OSD_LIMITS = {
  maxOsds: 4,
  positions: ['UpperLeft', 'UpperRight', 'LowerLeft', 'LowerRight', 'Custom'],
  textTypes: ['Plain', 'Date', 'Time', 'DateAndTime'],
  dateFormats: ['yyyy-MM-dd', 'MM/dd/yyyy', 'dd/MM/yyyy'],
  timeFormats: ['HH:mm:ss', 'hh:mm:ss tt'],
  fontSize: { min: 16, max: 64 },
} as const;

class OsdTable {
  readonly osds: OsdConfig[] = [];
  private nextId = 1;

  get(token: string | undefined): OsdConfig {
    const o = this.osds.find((x) => x.token === token);
    if (o === undefined) throw faults.invalidArgVal('NoConfig', `no OSD configuration with token '${token ?? ''}'`);
    return o;
  }

  /** The token a client suggests is ignored, as the standard allows: tokens are the device's. */
  add(config: Omit<OsdConfig, 'token'>): OsdConfig {
    if (this.osds.length >= OSD_LIMITS.maxOsds)
      throw faults.action('MaxOSDs', `at most ${OSD_LIMITS.maxOsds} OSD configurations`);
    const o = { ...config, token: `OSD_${this.nextId++}` };
    this.osds.push(o);
    return o;
  }
}

const TABLES = deviceState(() => new OsdTable());

export function resetOsds(device: OnvifDevice): void {
  TABLES.reset(device);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value))
    throw faults.invalidArgVal('ConfigModify', `${what} '${value ?? ''}' is not one of ${allowed.join(', ')}`);
  return value as T;
}

function checkSource(token: string | undefined): void {
  if (token !== TOKENS.videoSourceConfig)
    throw faults.invalidArgVal('NoConfig', `no video source configuration with token '${token ?? ''}'`);
}

/** Reads and checks a tt:OSDConfiguration against the options GetOSDOptions advertises. */
function readOsd(el: XmlElement | undefined): Omit<OsdConfig, 'token'> {
  if (el === undefined) throw faults.invalidArgs('OSD is required');
  checkSource(textAt(el, 'VideoSourceConfigurationToken'));
  if (textAt(el, 'Type') !== 'Text')
    throw faults.invalidArgVal('ConfigModify', `OSD type '${textAt(el, 'Type') ?? ''}' is not supported (Text only)`);
  const pos = child(el, 'Position');
  const position: OsdConfig['position'] = { type: oneOf(textAt(pos, 'Type'), OSD_LIMITS.positions, 'Position.Type') };
  if (position.type === 'Custom') {
    const v = child(pos, 'Pos');
    const x = Number(attr(v, 'x'));
    const y = Number(attr(v, 'y'));
    if (!(Math.abs(x) <= 1 && Math.abs(y) <= 1))
      throw faults.invalidArgVal('ConfigModify', 'a Custom position needs Pos x and y in -1..1');
    position.x = x;
    position.y = y;
  }
  const t = child(el, 'TextString');
  const text: OsdConfig['text'] = { type: oneOf(textAt(t, 'Type'), OSD_LIMITS.textTypes, 'TextString.Type') };
  if (text.type === 'Date' || text.type === 'DateAndTime')
    text.dateFormat = oneOf(textAt(t, 'DateFormat') ?? OSD_LIMITS.dateFormats[0], OSD_LIMITS.dateFormats, 'DateFormat');
  if (text.type === 'Time' || text.type === 'DateAndTime')
    text.timeFormat = oneOf(textAt(t, 'TimeFormat') ?? OSD_LIMITS.timeFormats[0], OSD_LIMITS.timeFormats, 'TimeFormat');
  const size = textAt(t, 'FontSize');
  if (size !== undefined) {
    const n = Number(size);
    if (!(Number.isInteger(n) && n >= OSD_LIMITS.fontSize.min && n <= OSD_LIMITS.fontSize.max))
      throw faults.invalidArgVal(
        'ConfigModify',
        `FontSize ${size} outside ${OSD_LIMITS.fontSize.min}..${OSD_LIMITS.fontSize.max}`,
      );
    text.fontSize = n;
  }
  const plain = textAt(t, 'PlainText');
  if (text.type === 'Plain') text.plainText = plain ?? '';
  return { position, text };
}

function osdXml(o: OsdConfig): string {
  const pos = o.position.type === 'Custom' ? `<tt:Pos x="${o.position.x}" y="${o.position.y}"/>` : '';
  const t = o.text;
  return (
    `<tr2:OSDs token="${esc(o.token)}"><tt:VideoSourceConfigurationToken>${TOKENS.videoSourceConfig}</tt:VideoSourceConfigurationToken><tt:Type>Text</tt:Type>` +
    `<tt:Position><tt:Type>${o.position.type}</tt:Type>${pos}</tt:Position><tt:TextString><tt:Type>${t.type}</tt:Type>` +
    (t.dateFormat === undefined ? '' : `<tt:DateFormat>${esc(t.dateFormat)}</tt:DateFormat>`) +
    (t.timeFormat === undefined ? '' : `<tt:TimeFormat>${esc(t.timeFormat)}</tt:TimeFormat>`) +
    (t.fontSize === undefined ? '' : `<tt:FontSize>${t.fontSize}</tt:FontSize>`) +
    (t.plainText === undefined ? '' : `<tt:PlainText>${esc(t.plainText)}</tt:PlainText>`) +
    '</tt:TextString></tr2:OSDs>'
  );
}

const list = (name: string, values: readonly string[]): string =>
  values.map((v) => `<tt:${name}>${v}</tt:${name}>`).join('');
const OPTIONS =
  `<tr2:OSDOptions><tt:MaximumNumberOfOSDs Total="${OSD_LIMITS.maxOsds}" PlainText="${OSD_LIMITS.maxOsds}" Date="${OSD_LIMITS.maxOsds}" Time="${OSD_LIMITS.maxOsds}" DateAndTime="${OSD_LIMITS.maxOsds}"/>` +
  `<tt:Type>Text</tt:Type>${list('PositionOption', OSD_LIMITS.positions)}<tt:TextOption>${list('Type', OSD_LIMITS.textTypes)}` +
  `<tt:FontSizeRange><tt:Min>${OSD_LIMITS.fontSize.min}</tt:Min><tt:Max>${OSD_LIMITS.fontSize.max}</tt:Max></tt:FontSizeRange>` +
  `${list('DateFormat', OSD_LIMITS.dateFormats)}${list('TimeFormat', OSD_LIMITS.timeFormats)}</tt:TextOption></tr2:OSDOptions>`;

function getOsds(ctx: OnvifRequestContext): string {
  const table = TABLES.get(ctx.device);
  const token = textAt(ctx.req.body, 'OSDToken');
  const source = textAt(ctx.req.body, 'ConfigurationToken');
  if (source !== undefined) checkSource(source);
  const osds = token === undefined ? table.osds : [table.get(token)];
  return `<tr2:GetOSDsResponse>${osds.map(osdXml).join('')}</tr2:GetOSDsResponse>`;
}

function setOsd(ctx: OnvifRequestContext): string {
  const el = child(ctx.req.body, 'OSD');
  const o = TABLES.get(ctx.device).get(attr(el, 'token'));
  Object.assign(o, readOsd(el));
  return '<tr2:SetOSDResponse/>';
}

export const osdOperations: ReadonlyArray<[string, Operation]> = [
  ['GetOSDs', op('READ_MEDIA', getOsds)],
  [
    'GetOSDOptions',
    op('READ_MEDIA', (ctx) => {
      checkSource(textAt(ctx.req.body, 'ConfigurationToken'));
      return `<tr2:GetOSDOptionsResponse>${OPTIONS}</tr2:GetOSDOptionsResponse>`;
    }),
  ],
  [
    'CreateOSD',
    op(
      'WRITE_SYSTEM',
      (ctx) =>
        `<tr2:CreateOSDResponse><tr2:OSDToken>${esc(TABLES.get(ctx.device).add(readOsd(child(ctx.req.body, 'OSD'))).token)}</tr2:OSDToken></tr2:CreateOSDResponse>`,
    ),
  ],
  ['SetOSD', op('WRITE_SYSTEM', setOsd)],
  [
    'DeleteOSD',
    op('WRITE_SYSTEM', (ctx) => {
      const table = TABLES.get(ctx.device);
      table.osds.splice(table.osds.indexOf(table.get(textAt(ctx.req.body, 'OSDToken'))), 1);
      return '<tr2:DeleteOSDResponse/>';
    }),
  ],
];
