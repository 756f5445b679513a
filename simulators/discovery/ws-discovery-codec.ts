import { type XmlElement, XmlParseError, attr, child, parseXml } from '../onvif/xml-element.ts';
import { esc } from '../onvif/soap-writer.ts';

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

export class DiscoveryParseError extends Error {}

export interface Probe {
  messageId: string;
  /** Local names of the requested types (prefixes are not resolvable from text content). */
  types: string[];
  scopes: string[];
  matchBy: 'rfc3986' | 'strcmp0';
}

export interface ProbeMatch {
  endpoint: string;
  types: string;
  scopes: readonly string[];
  xaddrs: string;
  metadataVersion: number;
}

export interface AppSequence {
  instanceId: number;
  messageNumber: number;
}

/** Decodes a datagram: a Probe, undefined for other WS-Discovery traffic (Hello, Bye, matches), DiscoveryParseError for junk. Pure. */
export function parseProbe(datagram: Buffer): Probe | undefined {
  if (datagram.length > WSD_MAX_DATAGRAM_BYTES) throw new DiscoveryParseError(`datagram of ${datagram.length} bytes exceeds ${WSD_MAX_DATAGRAM_BYTES}`);
  let root: XmlElement;
  try {
    root = parseXml(datagram.toString('utf8'));
  } catch (err) {
    if (err instanceof XmlParseError) throw new DiscoveryParseError(err.message);
    throw err;
  }
  if (root.local !== 'Envelope' || root.ns !== SOAP12) throw new DiscoveryParseError('not a SOAP 1.2 envelope');
  const probe = child(child(root, 'Body'), 'Probe');
  if (probe === undefined || probe.ns !== WSD_NS) return undefined;
  const messageId = child(child(root, 'Header'), 'MessageID')?.text ?? '';
  const split = (s: string | undefined): string[] => (s ?? '').split(/\s+/).filter((x) => x !== '');
  const scopesEl = child(probe, 'Scopes');
  const matchBy = attr(scopesEl, 'MatchBy');
  if (matchBy !== undefined && matchBy !== MATCH_RFC3986 && matchBy !== MATCH_STRCMP0) throw new DiscoveryParseError(`MatchBy ${matchBy} is not supported`);
  return {
    messageId,
    types: split(child(probe, 'Types')?.text).map((t) => t.slice(t.indexOf(':') + 1)),
    scopes: split(scopesEl?.text),
    matchBy: matchBy === MATCH_STRCMP0 ? 'strcmp0' : 'rfc3986',
  };
}

const DEVICE_TYPES: ReadonlySet<string> = new Set(['NetworkVideoTransmitter', 'Device']);

/** Whether a device with these scopes answers the probe (WS-Discovery §5.1 matching rules). */
export function probeMatches(probe: Probe, scopes: readonly string[]): boolean {
  if (!probe.types.every((t) => DEVICE_TYPES.has(t))) return false;
  return probe.scopes.every((wanted) => scopes.some((have) => (probe.matchBy === 'strcmp0' ? have === wanted : scopeMatchesRfc3986(wanted, have))));
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

function envelope(action: string, messageId: string, extraHeader: string, body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="${SOAP12}" xmlns:wsa="${WSA_NS}" xmlns:d="${WSD_NS}" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">` +
    `<env:Header><wsa:MessageID>${esc(messageId)}</wsa:MessageID>${extraHeader}<wsa:Action>${WSD_NS}/${action}</wsa:Action></env:Header><env:Body>${body}</env:Body></env:Envelope>`
  );
}

function appSequence(seq: AppSequence): string {
  return `<d:AppSequence InstanceId="${seq.instanceId}" MessageNumber="${seq.messageNumber}"/>`;
}

function matchBody(m: ProbeMatch, withXAddrs: boolean): string {
  return (
    `<wsa:EndpointReference><wsa:Address>${esc(m.endpoint)}</wsa:Address></wsa:EndpointReference><d:Types>${m.types}</d:Types>` +
    `<d:Scopes>${m.scopes.map(esc).join(' ')}</d:Scopes>${withXAddrs ? `<d:XAddrs>${esc(m.xaddrs)}</d:XAddrs>` : ''}<d:MetadataVersion>${m.metadataVersion}</d:MetadataVersion>`
  );
}

export function probeMatchesXml(relatesTo: string, messageId: string, seq: AppSequence, m: ProbeMatch): string {
  const header = `<wsa:RelatesTo>${esc(relatesTo)}</wsa:RelatesTo><wsa:To>${WSA_NS}/role/anonymous</wsa:To>${appSequence(seq)}`;
  return envelope('ProbeMatches', messageId, header, `<d:ProbeMatches><d:ProbeMatch>${matchBody(m, true)}</d:ProbeMatch></d:ProbeMatches>`);
}

export function helloXml(messageId: string, seq: AppSequence, m: ProbeMatch): string {
  return envelope('Hello', messageId, `<wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>${appSequence(seq)}`, `<d:Hello>${matchBody(m, true)}</d:Hello>`);
}

export function byeXml(messageId: string, seq: AppSequence, endpoint: string): string {
  return envelope(
    'Bye',
    messageId,
    `<wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>${appSequence(seq)}`,
    `<d:Bye><wsa:EndpointReference><wsa:Address>${esc(endpoint)}</wsa:Address></wsa:EndpointReference></d:Bye>`,
  );
}

/** Builds a Probe as a client sends it (tests, the bench and `camlab probe`). */
export function probeXml(messageId: string, types = 'dn:NetworkVideoTransmitter', scopes: readonly string[] = []): string {
  return envelope(
    'Probe',
    messageId,
    '<wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>',
    `<d:Probe><d:Types>${types}</d:Types>${scopes.length > 0 ? `<d:Scopes>${scopes.map(esc).join(' ')}</d:Scopes>` : ''}</d:Probe>`,
  );
}
