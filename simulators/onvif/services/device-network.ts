import type { OnvifDevice } from '../onvif-device.ts';
import { deviceState } from './device-state.ts';
import { type OnvifRequestContext, op, type Operation } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { esc, isoTime } from '../../wire/soap-writer.ts';
import { type XmlElement, child, children, textAt } from '../../wire/xml-element.ts';

/**
 * Device network configuration (ONVIF Core §8.2): DNS, NTP, default gateway, network protocols
 * and discovery mode. The emulated interface has a manual IPv4 address and no DHCP client, and
 * IPv6 is not offered (GetServiceCapabilities says IPVersion6="false"), so IPv6 entries are refused.
 */
export interface NetworkHost {
  type: 'IPv4' | 'DNS';
  value: string;
}

export interface NetworkSettings {
  dnsFromDhcp: boolean;
  searchDomains: string[];
  dns: NetworkHost[];
  ntpFromDhcp: boolean;
  ntp: NetworkHost[];
  gateways: string[];
}

/** Defaults a fresh (or factory-reset) camera carries. */
function defaults(): NetworkSettings {
  return {
    dnsFromDhcp: false,
    searchDomains: [],
    dns: [{ type: 'IPv4', value: '127.0.0.53' }],
    ntpFromDhcp: false,
    ntp: [{ type: 'DNS', value: 'pool.ntp.org' }],
    gateways: ['127.0.0.1'],
  };
}

const STATE = deviceState<NetworkSettings>(defaults);

export function networkSettings(device: OnvifDevice): NetworkSettings {
  return STATE.get(device);
}

/** Hard factory default: DNS, NTP, gateway back to the defaults, and RTSP on again. */
export function resetNetworkSettings(device: OnvifDevice): void {
  STATE.reset(device);
  device.camera.setRtspEnabled(true);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

function fromDhcp(body: XmlElement): boolean {
  const raw = textAt(body, 'FromDHCP');
  if (raw !== 'true' && raw !== 'false') throw faults.invalidArgs(`FromDHCP must be true or false, got '${raw ?? ''}'`);
  return raw === 'true';
}

/** Reads tt:IPAddress / tt:NetworkHost lists; dnsAllowed is false for DNS servers (they must be addresses). */
function hosts(els: XmlElement[], dnsAllowed: boolean): NetworkHost[] {
  return els.map((el) => {
    const type = textAt(el, 'Type');
    if (type === 'IPv4') {
      const a = textAt(el, 'IPv4Address') ?? '';
      if (!isIpv4(a)) throw faults.invalidArgVal('InvalidIPv4Address', `'${a}' is not an IPv4 address`);
      return { type, value: a };
    }
    if (type === 'IPv6') throw faults.invalidArgVal('InvalidIPv6Address', 'IPv6 is not supported by this device');
    if (type === 'DNS' && dnsAllowed) {
      const name = textAt(el, 'DNSname') ?? '';
      if (!HOSTNAME.test(name)) throw faults.invalidArgVal('InvalidDnsName', `'${name}' is not a DNS name`);
      return { type, value: name };
    }
    throw faults.invalidArgs(`address type '${type ?? ''}' is not accepted here`);
  });
}

function hostXml(tag: string, h: NetworkHost): string {
  return h.type === 'IPv4'
    ? `<${tag}><tt:Type>IPv4</tt:Type><tt:IPv4Address>${esc(h.value)}</tt:IPv4Address></${tag}>`
    : `<${tag}><tt:Type>DNS</tt:Type><tt:DNSname>${esc(h.value)}</tt:DNSname></${tag}>`;
}

function getDns(ctx: OnvifRequestContext): string {
  const s = networkSettings(ctx.device);
  return (
    `<tds:GetDNSResponse><tds:DNSInformation><tt:FromDHCP>${s.dnsFromDhcp}</tt:FromDHCP>` +
    s.searchDomains.map((d) => `<tt:SearchDomain>${esc(d)}</tt:SearchDomain>`).join('') +
    (s.dnsFromDhcp ? '' : s.dns.map((h) => hostXml('tt:DNSManual', h)).join('')) +
    '</tds:DNSInformation></tds:GetDNSResponse>'
  );
}

function setDns(ctx: OnvifRequestContext): string {
  const body = ctx.req.body;
  const dhcp = fromDhcp(body);
  const domains = children(body, 'SearchDomain').map((d) => d.text);
  for (const d of domains) if (!HOSTNAME.test(d)) throw faults.invalidArgs(`search domain '${d}' is not a DNS name`);
  const manual = hosts(children(body, 'DNSManual'), false);
  const s = networkSettings(ctx.device);
  s.dnsFromDhcp = dhcp;
  s.searchDomains = domains;
  if (!dhcp) s.dns = manual;
  return '<tds:SetDNSResponse/>';
}

function getNtp(ctx: OnvifRequestContext): string {
  const s = networkSettings(ctx.device);
  return `<tds:GetNTPResponse><tds:NTPInformation><tt:FromDHCP>${s.ntpFromDhcp}</tt:FromDHCP>${s.ntpFromDhcp ? '' : s.ntp.map((h) => hostXml('tt:NTPManual', h)).join('')}</tds:NTPInformation></tds:GetNTPResponse>`;
}

function setNtp(ctx: OnvifRequestContext): string {
  const body = ctx.req.body;
  const dhcp = fromDhcp(body);
  const manual = hosts(children(body, 'NTPManual'), true);
  const s = networkSettings(ctx.device);
  s.ntpFromDhcp = dhcp;
  if (!dhcp) s.ntp = manual;
  return '<tds:SetNTPResponse/>';
}

function getGateway(ctx: OnvifRequestContext): string {
  const s = networkSettings(ctx.device);
  return `<tds:GetNetworkDefaultGatewayResponse><tds:NetworkGateway>${s.gateways.map((g) => `<tt:IPv4Address>${esc(g)}</tt:IPv4Address>`).join('')}</tds:NetworkGateway></tds:GetNetworkDefaultGatewayResponse>`;
}

function setGateway(ctx: OnvifRequestContext): string {
  const body = ctx.req.body;
  if (children(body, 'IPv6Address').length > 0)
    throw faults.invalidArgVal('InvalidGatewayAddress', 'IPv6 is not supported by this device');
  const gateways = children(body, 'IPv4Address').map((g) => g.text);
  for (const g of gateways)
    if (!isIpv4(g)) throw faults.invalidArgVal('InvalidGatewayAddress', `'${g}' is not an IPv4 address`);
  networkSettings(ctx.device).gateways = gateways;
  return '<tds:SetNetworkDefaultGatewayResponse/>';
}

/** The protocols the camera serves: ONVIF over HTTP and RTSP (which a client may switch off); HTTPS is not offered. */
function getProtocols(ctx: OnvifRequestContext): string {
  const n = ctx.camera.network;
  const p = (name: string, enabled: boolean, port: number): string =>
    `<tds:NetworkProtocols><tt:Name>${name}</tt:Name><tt:Enabled>${enabled}</tt:Enabled><tt:Port>${port}</tt:Port></tds:NetworkProtocols>`;
  return `<tds:GetNetworkProtocolsResponse>${p('HTTP', true, n.onvifPort)}${p('RTSP', ctx.camera.rtspEnabled, n.rtspPort)}</tds:GetNetworkProtocolsResponse>`;
}

/**
 * Changing a port moves the listener (the camera is readdressed, as a real device rebinds), and
 * switching RTSP off closes its listener (its sessions end) until it is switched on again, both
 * after the response has gone out. HTTP cannot be switched off: the camera would be unreachable.
 */
function setProtocols(ctx: OnvifRequestContext): string {
  const items = children(ctx.req.body, 'NetworkProtocols');
  if (items.length === 0) throw faults.invalidArgs('at least one NetworkProtocols is required');
  const next = { ...ctx.camera.network };
  let rtspEnabled = ctx.camera.rtspEnabled;
  for (const item of items) {
    const name = textAt(item, 'Name');
    if (name !== 'HTTP' && name !== 'RTSP')
      throw faults.invalidArgVal('ServiceNotSupported', `protocol ${name ?? ''} is not supported (HTTP, RTSP)`);
    const enabled = xsBoolean(textAt(item, 'Enabled'));
    if (enabled === undefined)
      throw faults.invalidArgs(`${name} Enabled must be true or false, got '${textAt(item, 'Enabled') ?? ''}'`);
    if (name === 'HTTP' && !enabled)
      throw faults.invalidArgVal('ServiceNotSupported', 'HTTP cannot be disabled: the device would be unreachable');
    const ports = children(item, 'Port').map((p) => Number(p.text));
    if (ports.length !== 1 || !Number.isInteger(ports[0]) || ports[0]! < 1 || ports[0]! > 65535)
      throw faults.invalidArgVal('PortAlreadyInUse', `${name} takes exactly one port in 1..65535`);
    if (name === 'HTTP') next.onvifPort = ports[0]!;
    else {
      next.rtspPort = ports[0]!;
      rtspEnabled = enabled;
    }
  }
  if (next.onvifPort === next.rtspPort)
    throw faults.invalidArgVal('PortAlreadyInUse', `HTTP and RTSP cannot share port ${next.rtspPort}`);
  const cur = ctx.camera.network;
  if (next.onvifPort !== cur.onvifPort || next.rtspPort !== cur.rtspPort)
    ctx.afterResponse.push(() => ctx.camera.readdress(next));
  if (rtspEnabled !== ctx.camera.rtspEnabled) ctx.afterResponse.push(() => ctx.camera.setRtspEnabled(rtspEnabled));
  return '<tds:SetNetworkProtocolsResponse/>';
}

/** xs:boolean's four spellings; undefined for anything else. */
function xsBoolean(text: string | undefined): boolean | undefined {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return undefined;
}

/**
 * A new manual IPv4 address moves the camera (it is readdressed after the response, as a real
 * device answers on the old address and then rebinds). The emulated interface lives on loopback,
 * so only 127.0.0.0/8 addresses can be bound; there is no DHCP client and no IPv6.
 */
function setNetworkInterfaces(ctx: OnvifRequestContext): string {
  const body = ctx.req.body;
  const token = textAt(body, 'InterfaceToken');
  if (token !== 'eth0')
    throw faults.invalidArgVal(
      'InvalidNetworkInterface',
      `no network interface with token '${token ?? ''}' (eth0 only)`,
    );
  const nic = child(body, 'NetworkInterface');
  const mtu = textAt(nic, 'MTU');
  if (mtu !== undefined && mtu !== '1500')
    throw faults.invalidArgVal('InvalidMtuValue', `MTU ${mtu} is not supported (1500 only)`);
  if (textAt(nic, 'IPv6', 'Enabled') === 'true')
    throw faults.invalidArgVal('IPv6NotSupported', 'IPv6 is not supported by this device');
  if (textAt(nic, 'IPv4', 'DHCP') === 'true')
    throw faults.invalidArgs('DHCP is not offered: the emulated interface has a manual address');
  if (textAt(nic, 'IPv4', 'Enabled') === 'false')
    throw faults.invalidArgs('IPv4 cannot be disabled: it is the only protocol the device speaks');
  const manual = children(child(nic, 'IPv4'), 'Manual');
  if (manual.length > 1) throw faults.invalidArgVal('InvalidIPv4Address', 'one manual IPv4 address at most');
  const address = manual.length === 1 ? (textAt(manual[0], 'Address') ?? '') : undefined;
  if (address !== undefined) {
    if (!isIpv4(address)) throw faults.invalidArgVal('InvalidIPv4Address', `'${address}' is not an IPv4 address`);
    if (!address.startsWith('127.') || address === '127.0.0.0' || address === '127.255.255.255')
      throw faults.invalidArgVal(
        'InvalidIPv4Address',
        `'${address}' cannot be bound: the emulated interface is on 127.0.0.0/8`,
      );
    const prefix = textAt(manual[0], 'PrefixLength');
    if (prefix !== undefined && !(Number.isInteger(Number(prefix)) && Number(prefix) >= 8 && Number(prefix) <= 32))
      throw faults.invalidArgVal('InvalidIPv4Address', `PrefixLength ${prefix} outside 8..32`);
    if (address !== ctx.camera.network.address)
      ctx.afterResponse.push(() => ctx.camera.readdress({ ...ctx.camera.network, address }));
  }
  return '<tds:SetNetworkInterfacesResponse><tds:RebootNeeded>false</tds:RebootNeeded></tds:SetNetworkInterfacesResponse>';
}

function setDiscoveryMode(ctx: OnvifRequestContext): string {
  const mode = textAt(ctx.req.body, 'DiscoveryMode');
  if (mode !== 'Discoverable' && mode !== 'NonDiscoverable')
    throw faults.invalidArgs(`DiscoveryMode must be Discoverable or NonDiscoverable, got '${mode ?? ''}'`);
  ctx.camera.discoveryMode = mode;
  return '<tds:SetDiscoveryModeResponse/>';
}

/** At most this many log lines: the newest ones. */
const SYSTEM_LOG_MAX_LINES = 1000;

/**
 * System log: the camera's power history; access log: the ONVIF requests it answered. Both from
 * the run's observations, the newest SYSTEM_LOG_MAX_LINES of the whole run (read through the
 * spill when the log has moved them to disk).
 */
async function getSystemLog(ctx: OnvifRequestContext): Promise<string> {
  const type = textAt(ctx.req.body, 'LogType');
  if (type !== 'System' && type !== 'Access')
    throw faults.invalidArgs(`LogType must be System or Access, got '${type ?? ''}'`);
  const lines: string[] = [];
  const found = await ctx.log.newest(
    { camera: ctx.camera.id, kinds: type === 'System' ? ['camera.state'] : ['onvif.request'] },
    SYSTEM_LOG_MAX_LINES,
  );
  for (const { observation: o } of found) {
    const at = isoTime(ctx.device.deviceTimeMs(o.atMs));
    if (o.kind === 'camera.state') lines.push(`${at} power ${o.state}${o.cause === undefined ? '' : ` (${o.cause})`}`);
    else if (o.kind === 'onvif.request')
      lines.push(
        `${at} ${o.client} ${o.user ?? '-'} ${o.service}.${o.operation} ${o.httpStatus}${o.fault === undefined ? '' : ` ${o.fault}`}`,
      );
  }
  return `<tds:GetSystemLogResponse><tds:SystemLog><tt:String>${esc(lines.join('\n'))}</tt:String></tds:SystemLog></tds:GetSystemLogResponse>`;
}

export const networkOperations: ReadonlyArray<[string, Operation]> = [
  ['GetDNS', op('READ_SYSTEM', getDns)],
  ['SetDNS', op('WRITE_SYSTEM', setDns)],
  ['GetNTP', op('READ_SYSTEM', getNtp)],
  ['SetNTP', op('WRITE_SYSTEM', setNtp)],
  ['GetNetworkDefaultGateway', op('READ_SYSTEM', getGateway)],
  ['SetNetworkDefaultGateway', op('WRITE_SYSTEM', setGateway)],
  ['GetNetworkProtocols', op('READ_SYSTEM', getProtocols)],
  ['SetNetworkProtocols', op('WRITE_SYSTEM', setProtocols)],
  [
    'GetDiscoveryMode',
    op(
      'READ_SYSTEM',
      (ctx) =>
        `<tds:GetDiscoveryModeResponse><tds:DiscoveryMode>${ctx.camera.discoveryMode}</tds:DiscoveryMode></tds:GetDiscoveryModeResponse>`,
    ),
  ],
  ['SetDiscoveryMode', op('WRITE_SYSTEM', setDiscoveryMode)],
  ['GetSystemLog', op('READ_SYSTEM', getSystemLog)],
  ['SetNetworkInterfaces', op('WRITE_SYSTEM', setNetworkInterfaces)],
];
