import type { SoapFault } from './soap-fault.ts';

/** Namespaces declared once on every response envelope, so bodies can use the prefixes freely. */
export const NS = {
  env: 'http://www.w3.org/2003/05/soap-envelope',
  tt: 'http://www.onvif.org/ver10/schema',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tr2: 'http://www.onvif.org/ver20/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  timg: 'http://www.onvif.org/ver20/imaging/wsdl',
  trc: 'http://www.onvif.org/ver10/recording/wsdl',
  tse: 'http://www.onvif.org/ver10/search/wsdl',
  trp: 'http://www.onvif.org/ver10/replay/wsdl',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
  wstop: 'http://docs.oasis-open.org/wsn/t-1',
  wsa: 'http://www.w3.org/2005/08/addressing',
  tns1: 'http://www.onvif.org/ver10/topics',
  ter: 'http://www.onvif.org/ver10/error',
  xs: 'http://www.w3.org/2001/XMLSchema',
} as const;

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope' +
  Object.entries(NS)
    .map(([p, uri]) => ` xmlns:${p}="${uri}"`)
    .join('') +
  '>';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const ESCAPE_RE = /[&<>"']/g;
const NEEDS_ESCAPE = /[&<>"']/;

/** Escapes text and attribute values for XML. */
export function esc(value: string | number | boolean): string {
  const s = String(value);
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_RE, (c) => ESCAPES[c]!) : s;
}

export function envelope(body: string, header = ''): string {
  return `${ENVELOPE_OPEN}${header === '' ? '' : `<env:Header>${header}</env:Header>`}<env:Body>${body}</env:Body></env:Envelope>`;
}

/** The one place a SoapFault becomes bytes on the wire. */
export function faultResponse(fault: SoapFault): { status: number; body: string } {
  const subcodes = fault.subcode === undefined ? [] : fault.subcode.split('/');
  let code = '';
  for (let i = subcodes.length - 1; i >= 0; i--) {
    code = `<env:Subcode><env:Value>${esc(subcodes[i]!)}</env:Value>${code}</env:Subcode>`;
  }
  const body =
    `<env:Fault><env:Code><env:Value>${esc(fault.code)}</env:Value>${code}</env:Code>` +
    `<env:Reason><env:Text xml:lang="en">${esc(fault.reason)}</env:Text></env:Reason>` +
    `${fault.extras.detail === undefined ? '' : `<env:Detail>${fault.extras.detail}</env:Detail>`}</env:Fault>`;
  return { status: fault.httpStatus, body: envelope(body, fault.extras.header) };
}

/** xs:dateTime in UTC without milliseconds, as devices print it. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
