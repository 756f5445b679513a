import { ParseError } from '../../media/errors/parse-error.ts';
import { type XmlElement, attr, parseXml } from '../wire/xml-element.ts';
import { esc } from '../wire/soap-writer.ts';

/** WS-Discovery 2005/04, the version ONVIF Core §7 uses. */
export const WSD_NS = 'http://schemas.xmlsoap.org/ws/2005/04/discovery';
export const WSA_NS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
export const WSD_MULTICAST_ADDRESS = '239.255.255.250';
export const WSD_PORT = 3702;
/** Datagrams above this are not WS-Discovery probes (SOAP-over-UDP keeps messages small). */
export const WSD_MAX_DATAGRAM_BYTES = 32 * 1024;
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const MATCH_RFC3986 = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc3986';
const MATCH_STRCMP0 = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0';

/** A qualified name from a Types list; `ns` is undefined when the prefix has no declaration in scope. */
export interface QName {
  ns: string | undefined;
  local: string;
}

export interface Probe {
  messageId: string;
  /** Requested types, their prefixes resolved against the namespace declarations in scope at Types. */
  types: QName[];
  scopes: string[];
  /** The MatchBy rule (RFC 3986 when absent); 'unsupported' for one this device does not implement. */
  matchBy: 'rfc3986' | 'strcmp0' | 'unsupported';
}

export interface ProbeMatch {
  endpoint: string;
  types: string;
  scopes: readonly string[];
  xaddrs: string;
  /** undefined: the element is left out (firmware that omits it; WS-Discovery requires it). */
  metadataVersion: number | undefined;
}

/** How a reply is written where devices differ: the WS-Addressing namespace (2004/08 is WS-Discovery 2005/04's). */
export interface ReplyStyle {
  addressingNs: string;
}

export interface AppSequence {
  instanceId: number;
  messageNumber: number;
}

/** Decodes a datagram: a Probe, undefined for other WS-Discovery traffic (Hello, Bye, matches), ParseError for junk. Pure. */
export function parseProbe(datagram: Buffer): Probe | undefined {
  if (datagram.length > WSD_MAX_DATAGRAM_BYTES)
    throw new ParseError(`datagram of ${datagram.length} bytes exceeds ${WSD_MAX_DATAGRAM_BYTES}`);
  // XmlParseError is a ParseError: junk XML surfaces as it is.
  const root = parseXml(datagram.toString('utf8'));
  if (root.local !== 'Envelope' || root.ns !== SOAP12) throw new ParseError('not a SOAP 1.2 envelope');
  // Elements are matched by namespace and local name, never by prefix: ONVIF's DISCOVERY-2-1-x
  // probes use default namespaces, unusual prefixes, and one prefix bound to several namespaces.
  const body = childNs(root, SOAP12, 'Body');
  const probe = childNs(body, WSD_NS, 'Probe');
  if (body === undefined || probe === undefined) return undefined;
  const messageId = childNs(childNs(root, SOAP12, 'Header'), WSA_NS, 'MessageID')?.text ?? '';
  const typesEl = childNs(probe, WSD_NS, 'Types');
  const scopesEl = childNs(probe, WSD_NS, 'Scopes');
  const rule = attr(scopesEl, 'MatchBy');
  const matchBy =
    rule === undefined || rule === MATCH_RFC3986 ? 'rfc3986' : rule === MATCH_STRCMP0 ? 'strcmp0' : 'unsupported';
  const path = typesEl === undefined ? [] : [root, body, probe, typesEl];
  return {
    messageId,
    types: split(typesEl?.text).map((t) => resolveQName(path, t)),
    scopes: split(scopesEl?.text),
    matchBy,
  };
}

function split(s: string | undefined): string[] {
  return (s ?? '').split(/\s+/).filter((x) => x !== '');
}

function childNs(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  if (el === undefined) return undefined;
  for (const c of el.children) if (c.local === local && c.ns === ns) return c;
  return undefined;
}

/**
 * A QName in text content: its prefix means what the innermost xmlns declaration on the path from
 * the root to the element says (XML Namespaces §6.1). Unprefixed names keep no namespace: clients
 * write a bare NetworkVideoTransmitter under a default namespace meant for the elements.
 */
function resolveQName(path: readonly XmlElement[], qname: string): QName {
  const colon = qname.indexOf(':');
  if (colon < 0) return { ns: undefined, local: qname };
  const key = `xmlns:${qname.slice(0, colon)}`;
  let ns: string | undefined;
  for (let i = path.length - 1; i >= 0 && ns === undefined; i--) ns = path[i]!.attrs?.[key];
  return { ns, local: qname.slice(colon + 1) };
}

const NS_DN = 'http://www.onvif.org/ver10/network/wsdl';
const NS_TDS = 'http://www.onvif.org/ver10/device/wsdl';
/** The types a device is: a camera a NetworkVideoTransmitter, a site recorder a NetworkVideoStorage; both a tds:Device. */
const DEVICE_TYPES: Readonly<Record<'camera' | 'recorder', readonly QName[]>> = {
  camera: [
    { ns: NS_DN, local: 'NetworkVideoTransmitter' },
    { ns: NS_TDS, local: 'Device' },
  ],
  recorder: [
    { ns: NS_DN, local: 'NetworkVideoStorage' },
    { ns: NS_TDS, local: 'Device' },
  ],
};

/** A requested type the device is: same namespace and local name; a type whose prefix was never declared matches by local name, as lenient devices do. */
function isDeviceType(t: QName, types: readonly QName[]): boolean {
  return types.some((d) => d.local === t.local && (t.ns === undefined || t.ns === d.ns));
}

/** Whether a device with these scopes answers the probe (WS-Discovery §5.1 matching rules); never for an unsupported rule. */
export function probeMatches(probe: Probe, scopes: readonly string[], role: 'camera' | 'recorder' = 'camera'): boolean {
  if (probe.matchBy === 'unsupported' || !probe.types.every((t) => isDeviceType(t, DEVICE_TYPES[role]))) return false;
  return probe.scopes.every((wanted) =>
    scopes.some((have) => (probe.matchBy === 'strcmp0' ? have === wanted : scopeMatchesRfc3986(wanted, have))),
  );
}

/** RFC 3986 rule: same scheme and authority (case-insensitive), and the wanted path is a segment-wise prefix. */
function scopeMatchesRfc3986(wanted: string, have: string): boolean {
  const w = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(wanted);
  const h = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(have);
  if (w === null || h === null) return wanted === have;
  if (w[1]!.toLowerCase() !== h[1]!.toLowerCase()) return false;
  const ws = w[2]!.split('/').filter((s) => s !== '');
  const hs = h[2]!.split('/').filter((s) => s !== '');
  return ws.length <= hs.length && ws.every((seg, i) => seg === hs[i]);
}

function envelope(action: string, messageId: string, extraHeader: string, body: string, addressingNs = WSA_NS): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${SOAP12}" xmlns:wsa="${addressingNs}" xmlns:d="${WSD_NS}" xmlns:dn="${NS_DN}" xmlns:tds="${NS_TDS}">` +
    `<env:Header><wsa:MessageID>${esc(messageId)}</wsa:MessageID>${extraHeader}<wsa:Action>${action}</wsa:Action></env:Header><env:Body>${body}</env:Body></env:Envelope>`
  );
}

function appSequence(seq: AppSequence): string {
  return `<d:AppSequence InstanceId="${seq.instanceId}" MessageNumber="${seq.messageNumber}"/>`;
}

function matchBody(m: ProbeMatch, withXAddrs: boolean): string {
  return (
    `<wsa:EndpointReference><wsa:Address>${esc(m.endpoint)}</wsa:Address></wsa:EndpointReference><d:Types>${m.types}</d:Types>` +
    `<d:Scopes>${m.scopes.map(esc).join(' ')}</d:Scopes>${withXAddrs ? `<d:XAddrs>${esc(m.xaddrs)}</d:XAddrs>` : ''}` +
    (m.metadataVersion === undefined ? '' : `<d:MetadataVersion>${m.metadataVersion}</d:MetadataVersion>`)
  );
}

export function probeMatchesXml(
  relatesTo: string,
  messageId: string,
  seq: AppSequence,
  m: ProbeMatch,
  style: ReplyStyle = { addressingNs: WSA_NS },
): string {
  // The anonymous endpoint is spelt differently in WS-Addressing 2004/08 and 1.0 (2005/08).
  const anonymous = style.addressingNs === WSA_NS ? `${WSA_NS}/role/anonymous` : `${style.addressingNs}/anonymous`;
  const header = `<wsa:RelatesTo>${esc(relatesTo)}</wsa:RelatesTo><wsa:To>${anonymous}</wsa:To>${appSequence(seq)}`;
  return envelope(
    `${WSD_NS}/ProbeMatches`,
    messageId,
    header,
    `<d:ProbeMatches><d:ProbeMatch>${matchBody(m, true)}</d:ProbeMatch></d:ProbeMatches>`,
    style.addressingNs,
  );
}

export function helloXml(
  messageId: string,
  seq: AppSequence,
  m: ProbeMatch,
  style: ReplyStyle = { addressingNs: WSA_NS },
): string {
  return envelope(
    `${WSD_NS}/Hello`,
    messageId,
    `<wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>${appSequence(seq)}`,
    `<d:Hello>${matchBody(m, true)}</d:Hello>`,
    style.addressingNs,
  );
}

export function byeXml(messageId: string, seq: AppSequence, endpoint: string): string {
  return envelope(
    `${WSD_NS}/Bye`,
    messageId,
    `<wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>${appSequence(seq)}`,
    `<d:Bye><wsa:EndpointReference><wsa:Address>${esc(endpoint)}</wsa:Address></wsa:EndpointReference></d:Bye>`,
  );
}

/**
 * The WS-Discovery 2005/04 fault a Target Service answers a directed Probe with when it does
 * not implement the requested MatchBy rule (ONVIF DISCOVERY-1-1-10); the detail lists the rules it does.
 */
export function matchingRuleNotSupportedXml(relatesTo: string, messageId: string): string {
  const header = `<wsa:RelatesTo>${esc(relatesTo)}</wsa:RelatesTo><wsa:To>${WSA_NS}/role/anonymous</wsa:To>`;
  return envelope(
    `${WSA_NS}/fault`,
    messageId,
    header,
    '<env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>d:MatchingRuleNotSupported</env:Value></env:Subcode></env:Code>' +
      '<env:Reason><env:Text xml:lang="en">the matching rule specified is not supported</env:Text></env:Reason>' +
      `<env:Detail><d:SupportedMatchingRules>${MATCH_RFC3986} ${MATCH_STRCMP0}</d:SupportedMatchingRules></env:Detail></env:Fault>`,
  );
}

/** Builds a Probe as a client sends it (tests, the bench and `camlab probe`); `matchBy` is the Scopes MatchBy rule URI. */
export function probeXml(
  messageId: string,
  types = 'dn:NetworkVideoTransmitter',
  scopes: readonly string[] = [],
  matchBy?: string,
): string {
  const rule = matchBy === undefined ? '' : ` MatchBy="${esc(matchBy)}"`;
  return envelope(
    `${WSD_NS}/Probe`,
    messageId,
    '<wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>',
    `<d:Probe><d:Types>${types}</d:Types>${scopes.length > 0 || matchBy !== undefined ? `<d:Scopes${rule}>${scopes.map(esc).join(' ')}</d:Scopes>` : ''}</d:Probe>`,
  );
}
