import { createHash } from 'node:crypto';
import type { Camera, CameraUser } from '../../camera/camera.ts';
import { onvifUrl, type OnvifServiceName } from '../../camera/uris.ts';
import { SoapFault, faults } from '../../wire/soap-fault.ts';
import { NS, esc } from '../../wire/soap-writer.ts';
import { type XmlElement, child, children, textAt } from '../../wire/xml-element.ts';
import { type OnvifRequestContext, type OnvifService, op } from '../onvif-service.ts';
import { defaultConfigurableScopes, fixedScopes } from './scopes.ts';
import { deviceUuid } from '../device-uuid.ts';
import { networkOperations, resetNetworkSettings } from './device-network.ts';
import { MEDIA_CAPABILITIES } from './media-service.ts';
import { media2Capabilities } from './media2-service.ts';
import { resetMediaProfiles } from './media-profiles.ts';
import { resetPtzConfig } from './ptz-config.ts';
import { resetOsds } from './media2-osd.ts';
import { fixedOffsetMs, isPosixTz, resetTimeZone, timeZone } from './time-zone.ts';
import { EVENTS_CAPABILITIES } from './events-service.ts';
import { DEVICEIO_CAPABILITIES, DEVICEIO_NS, DEVICEIO_VIDEO_SOURCES } from './deviceio-service.ts';
import { RECORDING_STRING_MAX_CHARS } from './recording-xml.ts';

const ROLES: ReadonlySet<string> = new Set(['Administrator', 'Operator', 'User']);

/** Services in the order GetServices lists them, with their namespace and version. */
const SERVICE_TABLE: ReadonlyArray<{ name: OnvifServiceName; ns: string; major: number; minor: number }> = [
  { name: 'device', ns: NS.tds, major: 2, minor: 60 },
  { name: 'media', ns: NS.trt, major: 2, minor: 60 },
  { name: 'media2', ns: NS.tr2, major: 2, minor: 60 },
  { name: 'ptz', ns: NS.tptz, major: 2, minor: 60 },
  { name: 'events', ns: NS.tev, major: 2, minor: 60 },
  { name: 'imaging', ns: NS.timg, major: 2, minor: 60 },
  { name: 'deviceio', ns: DEVICEIO_NS, major: 2, minor: 60 },
  { name: 'recording', ns: NS.trc, major: 2, minor: 60 },
  { name: 'search', ns: NS.tse, major: 2, minor: 60 },
  { name: 'replay', ns: NS.trp, major: 2, minor: 60 },
];

function hexId(camera: Camera, len: number): string {
  return createHash('sha1').update(camera.id).digest('hex').slice(0, len);
}

export function serialNumber(camera: Camera): string {
  return hexId(camera, 12).toUpperCase();
}

function macAddress(camera: Camera): string {
  const h = hexId(camera, 10);
  return `02:${h.match(/../g)!.join(':')}`;
}

function dateTimeXml(ms: number): string {
  const d = new Date(ms);
  return (
    `<tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
    `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date>`
  );
}

function serviceCapabilitiesXml(): string {
  return (
    '<tds:Capabilities>' +
    '<tds:Network IPFilter="false" ZeroConfiguration="false" IPVersion6="false" DynDNS="false" Dot11Configuration="false" HostnameFromDHCP="false" NTP="1"/>' +
    '<tds:Security TLS1.0="false" TLS1.1="false" TLS1.2="false" OnboardKeyGeneration="false" AccessPolicyConfig="false" DefaultAccessPolicy="false" Dot1X="false" RemoteUserHandling="false" X.509Token="false" SAMLToken="false" KerberosToken="false" UsernameToken="true" HttpDigest="true" RELToken="false"/>' +
    '<tds:System DiscoveryResolve="true" DiscoveryBye="true" RemoteDiscovery="false" SystemBackup="false" SystemLogging="true" FirmwareUpgrade="false" HttpFirmwareUpgrade="false" HttpSystemBackup="false" HttpSystemLogging="false" HttpSupportInformation="false"/>' +
    '</tds:Capabilities>'
  );
}

/** The untyped Capabilities a service puts in GetServices when IncludeCapability is true. */
function embeddedCapabilities(ctx: OnvifRequestContext, name: OnvifServiceName): string {
  const camera = ctx.camera;
  switch (name) {
    case 'device':
      return serviceCapabilitiesXml();
    case 'media':
      return MEDIA_CAPABILITIES;
    case 'media2':
      return media2Capabilities(camera);
    case 'ptz':
      return '<tptz:Capabilities EFlip="false" Reverse="false" GetCompatibleConfigurations="true" MoveStatus="true" StatusPosition="true"/>';
    case 'events':
      return EVENTS_CAPABILITIES;
    case 'imaging':
      return '<timg:Capabilities ImageStabilization="false" Presets="false"/>';
    case 'deviceio':
      return DEVICEIO_CAPABILITIES;
    case 'recording':
    case 'search':
    case 'replay':
      return ctx.offered(name)?.capabilities?.(camera) ?? '';
  }
}

function getServices(ctx: OnvifRequestContext): string {
  const include = textAt(ctx.req.body, 'IncludeCapability') === 'true';
  let out = '<tds:GetServicesResponse>';
  for (const s of SERVICE_TABLE) {
    if (ctx.offered(s.name) === undefined) continue;
    out +=
      `<tds:Service><tds:Namespace>${s.ns}</tds:Namespace><tds:XAddr>${esc(onvifUrl(ctx.camera, s.name))}</tds:XAddr>` +
      (include ? `<tds:Capabilities>${embeddedCapabilities(ctx, s.name)}</tds:Capabilities>` : '') +
      `<tds:Version><tt:Major>${s.major}</tt:Major><tt:Minor>${s.minor}</tt:Minor></tds:Version></tds:Service>`;
  }
  return `${out}</tds:GetServicesResponse>`;
}

const CAPABILITY_CATEGORIES: ReadonlySet<string> = new Set([
  'All',
  'Analytics',
  'Device',
  'Events',
  'Imaging',
  'Media',
  'PTZ',
]);

/** Core §8.1.2.4: a category the device does not offer. */
function noSuchService(category: string): SoapFault {
  return new SoapFault(
    'env:Receiver',
    'ter:ActionNotSupported/ter:NoSuchService',
    500,
    `the device offers no ${category} service`,
  );
}

function getCapabilities(ctx: OnvifRequestContext): string {
  const categories = children(ctx.req.body, 'Category').map((c) => c.text);
  const want = (c: string): boolean => categories.length === 0 || categories.includes('All') || categories.includes(c);
  const cam = ctx.camera;
  const categoryService: Record<string, OnvifServiceName> = { Imaging: 'imaging', Media: 'media', PTZ: 'ptz' };
  for (const c of categories)
    if (categoryService[c] !== undefined && ctx.offered(categoryService[c]) === undefined) throw noSuchService(c);
  if (categories.includes('Analytics')) throw noSuchService('Analytics');
  const unknown = categories.find((c) => !CAPABILITY_CATEGORIES.has(c));
  if (unknown !== undefined)
    throw faults.invalidArgs(`'${unknown}' is not a capability category (${[...CAPABILITY_CATEGORIES].join(', ')})`);
  let out = '<tds:GetCapabilitiesResponse><tds:Capabilities>';
  if (want('Device')) {
    out +=
      `<tt:Device><tt:XAddr>${esc(onvifUrl(cam, 'device'))}</tt:XAddr>` +
      '<tt:Network><tt:IPFilter>false</tt:IPFilter><tt:ZeroConfiguration>false</tt:ZeroConfiguration><tt:IPVersion6>false</tt:IPVersion6><tt:DynDNS>false</tt:DynDNS></tt:Network>' +
      '<tt:System><tt:DiscoveryResolve>true</tt:DiscoveryResolve><tt:DiscoveryBye>true</tt:DiscoveryBye><tt:RemoteDiscovery>false</tt:RemoteDiscovery><tt:SystemBackup>false</tt:SystemBackup><tt:SystemLogging>true</tt:SystemLogging><tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>' +
      '<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tt:SupportedVersions></tt:System>' +
      '<tt:Security><tt:TLS1.1>false</tt:TLS1.1><tt:TLS1.2>false</tt:TLS1.2><tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration><tt:AccessPolicyConfig>false</tt:AccessPolicyConfig><tt:X.509Token>false</tt:X.509Token><tt:SAMLToken>false</tt:SAMLToken><tt:KerberosToken>false</tt:KerberosToken><tt:RELToken>false</tt:RELToken></tt:Security>' +
      '</tt:Device>';
  }
  if (want('Events')) {
    out += `<tt:Events><tt:XAddr>${esc(onvifUrl(cam, 'events'))}</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport><tt:WSPullPointSupport>true</tt:WSPullPointSupport><tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>`;
  }
  if (want('Imaging') && ctx.offered('imaging') !== undefined)
    out += `<tt:Imaging><tt:XAddr>${esc(onvifUrl(cam, 'imaging'))}</tt:XAddr></tt:Imaging>`;
  if (want('Media') && ctx.offered('media') !== undefined) {
    out += `<tt:Media><tt:XAddr>${esc(onvifUrl(cam, 'media'))}</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>false</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>`;
  }
  if (want('PTZ') && ctx.offered('ptz') !== undefined)
    out += `<tt:PTZ><tt:XAddr>${esc(onvifUrl(cam, 'ptz'))}</tt:XAddr></tt:PTZ>`;
  // Services without a category of their own are listed under Extension, for All only.
  if (categories.length === 0 || categories.includes('All')) {
    let extension = '';
    if (ctx.offered('deviceio') !== undefined) {
      extension +=
        `<tt:DeviceIO><tt:XAddr>${esc(onvifUrl(cam, 'deviceio'))}</tt:XAddr><tt:VideoSources>${DEVICEIO_VIDEO_SOURCES}</tt:VideoSources>` +
        '<tt:VideoOutputs>0</tt:VideoOutputs><tt:AudioSources>0</tt:AudioSources><tt:AudioOutputs>0</tt:AudioOutputs><tt:RelayOutputs>0</tt:RelayOutputs></tt:DeviceIO>';
    }
    // onvif.xsd CapabilitiesExtension order: DeviceIO, Display, Recording, Search, Replay.
    if (ctx.offered('recording') !== undefined) {
      extension += `<tt:Recording><tt:XAddr>${esc(onvifUrl(cam, 'recording'))}</tt:XAddr><tt:ReceiverSource>false</tt:ReceiverSource><tt:MediaProfileSource>true</tt:MediaProfileSource><tt:DynamicRecordings>true</tt:DynamicRecordings><tt:DynamicTracks>true</tt:DynamicTracks><tt:MaxStringLength>${RECORDING_STRING_MAX_CHARS}</tt:MaxStringLength></tt:Recording>`;
    }
    if (ctx.offered('search') !== undefined)
      extension += `<tt:Search><tt:XAddr>${esc(onvifUrl(cam, 'search'))}</tt:XAddr><tt:MetadataSearch>false</tt:MetadataSearch></tt:Search>`;
    if (ctx.offered('replay') !== undefined)
      extension += `<tt:Replay><tt:XAddr>${esc(onvifUrl(cam, 'replay'))}</tt:XAddr></tt:Replay>`;
    if (extension !== '') out += `<tt:Extension>${extension}</tt:Extension>`;
  }
  return `${out}</tds:Capabilities></tds:GetCapabilitiesResponse>`;
}

function getSystemDateAndTime(ctx: OnvifRequestContext): string {
  const t = ctx.device.deviceTimeMs(ctx.nowMs);
  const type = ctx.device.settings?.dateTimeType ?? 'NTP';
  const zone = timeZone(ctx.device);
  const localOffsetMs = fixedOffsetMs(zone.tz);
  // LocalDateTime is optional: it is given only where the zone has no daylight-saving rule to apply.
  const local =
    localOffsetMs === undefined ? '' : `<tt:LocalDateTime>${dateTimeXml(t + localOffsetMs)}</tt:LocalDateTime>`;
  return (
    `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>${type}</tt:DateTimeType><tt:DaylightSavings>${zone.daylightSavings}</tt:DaylightSavings>` +
    `<tt:TimeZone><tt:TZ>${esc(zone.tz)}</tt:TZ></tt:TimeZone><tt:UTCDateTime>${dateTimeXml(t)}</tt:UTCDateTime>${local}` +
    '</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>'
  );
}

function intAt(el: XmlElement | undefined, ...path: string[]): number {
  const raw = textAt(el, ...path);
  const v = raw === undefined ? Number.NaN : Number(raw);
  if (!Number.isInteger(v))
    throw faults.invalidArgVal('InvalidDateTime', `${path.join('/')} must be an integer, got '${raw ?? ''}'`);
  return v;
}

/** xs fields of a tt:DateTime, refused unless they name a real instant (Date.UTC would roll 31 February over). */
function utcMs(utc: XmlElement): number {
  const [y, mo, d, h, mi, sec] = [
    intAt(utc, 'Date', 'Year'),
    intAt(utc, 'Date', 'Month'),
    intAt(utc, 'Date', 'Day'),
    intAt(utc, 'Time', 'Hour'),
    intAt(utc, 'Time', 'Minute'),
    intAt(utc, 'Time', 'Second'),
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(ms);
  if (
    y < 1970 ||
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== sec
  ) {
    throw faults.invalidArgVal('InvalidDateTime', `${y}-${mo}-${d} ${h}:${mi}:${sec} is not a valid UTC date and time`);
  }
  return ms;
}

function setSystemDateAndTime(ctx: OnvifRequestContext): string {
  const body = ctx.req.body;
  const type = textAt(body, 'DateTimeType');
  if (type !== 'Manual' && type !== 'NTP')
    throw faults.invalidArgVal('InvalidDateTime', `DateTimeType must be Manual or NTP, got '${type ?? ''}'`);
  const tz = textAt(body, 'TimeZone', 'TZ');
  if (tz !== undefined && !isPosixTz(tz))
    throw faults.invalidArgVal(
      'InvalidTimeZone',
      `TimeZone '${tz}' is not a POSIX TZ string (e.g. GMT0BST,M3.5.0/1,M10.5.0)`,
    );
  const dst = textAt(body, 'DaylightSavings');
  const utc = child(body, 'UTCDateTime');
  let manualMs = 0;
  if (type === 'Manual') {
    if (utc === undefined) throw faults.invalidArgVal('InvalidDateTime', 'UTCDateTime is required for Manual');
    manualMs = utcMs(utc);
  }
  // Validated in full before anything changes, so a refused request leaves the clock as it was.
  const settings = ctx.device.mutableSettings();
  settings.dateTimeType = type;
  settings.timeOffsetMs = type === 'Manual' ? manualMs - (ctx.nowMs + ctx.camera.clockOffsetMs(ctx.nowMs)) : 0;
  const zone = timeZone(ctx.device);
  if (tz !== undefined) zone.tz = tz;
  if (dst === 'true' || dst === 'false') zone.daylightSavings = dst === 'true';
  return '<tds:SetSystemDateAndTimeResponse/>';
}

function getScopes(ctx: OnvifRequestContext): string {
  const fixed = fixedScopes(ctx.camera);
  const configurable = ctx.device.settings?.scopes ?? defaultConfigurableScopes(ctx.camera);
  const item = (def: string, s: string): string =>
    `<tds:Scopes><tt:ScopeDef>${def}</tt:ScopeDef><tt:ScopeItem>${esc(s)}</tt:ScopeItem></tds:Scopes>`;
  return `<tds:GetScopesResponse>${fixed.map((s) => item('Fixed', s)).join('')}${configurable.map((s) => item('Configurable', s)).join('')}</tds:GetScopesResponse>`;
}

function scopeItems(body: XmlElement, name: string): string[] {
  const items = children(body, name).map((c) => c.text);
  if (items.length === 0) throw faults.invalidArgs(`at least one ${name} is required`);
  for (const s of items)
    if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(s)) throw faults.invalidArgVal('InvalidScope', `'${s}' is not a URI`);
  return items;
}

/** Discovery announces the new scopes with Hello (WS-Discovery: changed metadata), once the client has its answer. */
function announceScopes(ctx: OnvifRequestContext): void {
  ctx.afterResponse.push(() => ctx.camera.emit('scopes'));
}

function setScopes(ctx: OnvifRequestContext): string {
  const items = scopeItems(ctx.req.body, 'Scopes');
  const fixed = new Set(fixedScopes(ctx.camera));
  for (const s of items)
    if (fixed.has(s)) throw faults.operationProhibited('ScopeOverwrite', `'${s}' is a fixed scope`);
  ctx.device.mutableSettings().scopes = items;
  announceScopes(ctx);
  return '<tds:SetScopesResponse/>';
}

function addScopes(ctx: OnvifRequestContext): string {
  const items = scopeItems(ctx.req.body, 'ScopeItem');
  const settings = ctx.device.mutableSettings();
  const current = settings.scopes ?? defaultConfigurableScopes(ctx.camera);
  if (current.length + items.length > 32) throw faults.action('TooManyScopes', 'at most 32 configurable scopes');
  settings.scopes = [...current, ...items.filter((s) => !current.includes(s))];
  announceScopes(ctx);
  return '<tds:AddScopesResponse/>';
}

function removeScopes(ctx: OnvifRequestContext): string {
  const items = scopeItems(ctx.req.body, 'ScopeItem');
  const fixed = new Set(fixedScopes(ctx.camera));
  const settings = ctx.device.mutableSettings();
  const current = settings.scopes ?? defaultConfigurableScopes(ctx.camera);
  for (const s of items) {
    if (fixed.has(s)) throw faults.operationProhibited('FixedScope', `'${s}' is a fixed scope`);
    if (!current.includes(s)) throw faults.invalidArgVal('NoScope', `scope '${s}' does not exist`);
  }
  settings.scopes = current.filter((s) => !items.includes(s));
  announceScopes(ctx);
  return `<tds:RemoveScopesResponse>${items.map((s) => `<tds:ScopeItem>${esc(s)}</tds:ScopeItem>`).join('')}</tds:RemoveScopesResponse>`;
}

function readUser(el: XmlElement, requirePassword: boolean): CameraUser & { hasPassword: boolean } {
  const username = textAt(el, 'Username') ?? '';
  const password = textAt(el, 'Password');
  const role = textAt(el, 'UserLevel') ?? '';
  if (username === '' || username.length > 64)
    throw faults.operationProhibited('UsernameTooLong', 'Username must be 1 to 64 characters');
  if (requirePassword && (password === undefined || password === ''))
    throw faults.operationProhibited('PasswordTooWeak', `user '${username}' needs a password`);
  if (!ROLES.has(role))
    throw faults.operationProhibited(
      'AnonymousNotAllowed',
      `UserLevel must be Administrator, Operator or User, got '${role}'`,
    );
  return {
    username,
    password: password ?? '',
    role: role as CameraUser['role'],
    hasPassword: password !== undefined && password !== '',
  };
}

function createUsers(ctx: OnvifRequestContext): string {
  const users = children(ctx.req.body, 'User').map((u) => readUser(u, true));
  if (users.length === 0) throw faults.invalidArgs('at least one User is required');
  for (const u of users)
    if (ctx.camera.findUser(u.username))
      throw faults.operationProhibited('UsernameClash', `user '${u.username}' exists`);
  ctx.camera.setUsers([
    ...ctx.camera.users,
    ...users.map(({ username, password, role }) => ({ username, password, role })),
  ]);
  return '<tds:CreateUsersResponse/>';
}

function deleteUsers(ctx: OnvifRequestContext): string {
  const names = children(ctx.req.body, 'Username').map((u) => u.text);
  if (names.length === 0) throw faults.invalidArgs('at least one Username is required');
  for (const n of names)
    if (!ctx.camera.findUser(n)) throw faults.invalidArgVal('UsernameMissing', `user '${n}' does not exist`);
  const remaining = ctx.camera.users.filter((u) => !names.includes(u.username));
  if (!remaining.some((u) => u.role === 'Administrator'))
    throw faults.invalidArgVal('FixedUser', 'the last Administrator cannot be deleted');
  ctx.camera.setUsers(remaining);
  return '<tds:DeleteUsersResponse/>';
}

function setUser(ctx: OnvifRequestContext): string {
  const changes = children(ctx.req.body, 'User').map((u) => readUser(u, false));
  if (changes.length === 0) throw faults.invalidArgs('at least one User is required');
  for (const c of changes)
    if (!ctx.camera.findUser(c.username))
      throw faults.invalidArgVal('UsernameMissing', `user '${c.username}' does not exist`);
  ctx.camera.setUsers(
    ctx.camera.users.map((u) => {
      const c = changes.find((x) => x.username === u.username);
      return c === undefined
        ? u
        : { username: u.username, password: c.hasPassword ? c.password : u.password, role: c.role };
    }),
  );
  return '<tds:SetUserResponse/>';
}

/**
 * Both kinds forget what clients changed (names, scopes, time, encoders, imaging, profiles) and
 * reboot. Hard also forgets the network settings (DNS, NTP, gateway, discovery mode); the address
 * and the users stay, as they come from the fleet, so the camera remains reachable by its owner.
 */
function setSystemFactoryDefault(ctx: OnvifRequestContext): string {
  const type = textAt(ctx.req.body, 'FactoryDefault');
  if (type !== 'Hard' && type !== 'Soft')
    throw faults.invalidArgs(`FactoryDefault must be Hard or Soft, got '${type ?? ''}'`);
  ctx.afterResponse.push(() => {
    ctx.device.settings = undefined;
    resetMediaProfiles(ctx.device);
    resetTimeZone(ctx.device);
    resetOsds(ctx.device);
    resetPtzConfig(ctx.device);
    ctx.camera.resetStreams();
    if (type === 'Hard') {
      resetNetworkSettings(ctx.device);
      ctx.camera.discoveryMode = 'Discoverable';
    }
    ctx.camera.reboot(ctx.clock, `SetSystemFactoryDefault ${type}`);
  });
  return '<tds:SetSystemFactoryDefaultResponse/>';
}

export const deviceService: OnvifService = {
  name: 'device',
  ns: NS.tds,
  offered: () => true,
  operations: new Map([
    ['GetSystemDateAndTime', op('PRE_AUTH', getSystemDateAndTime)],
    ['SetSystemDateAndTime', op('WRITE_SYSTEM', setSystemDateAndTime)],
    [
      'GetWsdlUrl',
      op(
        'PRE_AUTH',
        () =>
          '<tds:GetWsdlUrlResponse><tds:WsdlUrl>http://www.onvif.org/ver10/device/wsdl/devicemgmt.wsdl</tds:WsdlUrl></tds:GetWsdlUrlResponse>',
      ),
    ],
    ['GetServices', op('PRE_AUTH', getServices)],
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        () => `<tds:GetServiceCapabilitiesResponse>${serviceCapabilitiesXml()}</tds:GetServiceCapabilitiesResponse>`,
      ),
    ],
    ['GetCapabilities', op('PRE_AUTH', getCapabilities)],
    [
      'GetEndpointReference',
      op(
        'PRE_AUTH',
        (ctx) =>
          `<tds:GetEndpointReferenceResponse><tds:GUID>${deviceUuid(ctx.camera)}</tds:GUID></tds:GetEndpointReferenceResponse>`,
      ),
    ],
    [
      'GetDeviceInformation',
      op('READ_SYSTEM', (ctx) => {
        const m = ctx.camera.model;
        return (
          `<tds:GetDeviceInformationResponse><tds:Manufacturer>${esc(m.manufacturer)}</tds:Manufacturer><tds:Model>${esc(m.model)}</tds:Model>` +
          `<tds:FirmwareVersion>${esc(m.firmware)}</tds:FirmwareVersion><tds:SerialNumber>${serialNumber(ctx.camera)}</tds:SerialNumber><tds:HardwareId>${esc(m.hardwareId)}</tds:HardwareId></tds:GetDeviceInformationResponse>`
        );
      }),
    ],
    [
      'GetNetworkInterfaces',
      op('READ_SYSTEM', (ctx) => {
        const a = ctx.camera.network.address;
        return (
          `<tds:GetNetworkInterfacesResponse><tds:NetworkInterfaces token="eth0"><tt:Enabled>true</tt:Enabled><tt:Info><tt:Name>eth0</tt:Name><tt:HwAddress>${macAddress(ctx.camera)}</tt:HwAddress><tt:MTU>1500</tt:MTU></tt:Info>` +
          `<tt:IPv4><tt:Enabled>true</tt:Enabled><tt:Config><tt:Manual><tt:Address>${esc(a)}</tt:Address><tt:PrefixLength>8</tt:PrefixLength></tt:Manual><tt:DHCP>false</tt:DHCP></tt:Config></tt:IPv4></tds:NetworkInterfaces></tds:GetNetworkInterfacesResponse>`
        );
      }),
    ],
    [
      'GetHostname',
      op(
        'PRE_AUTH',
        (ctx) =>
          `<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP><tt:Name>${esc(ctx.device.hostname())}</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse>`,
      ),
    ],
    [
      'SetHostname',
      op('WRITE_SYSTEM', (ctx) => {
        const name = textAt(ctx.req.body, 'Name') ?? '';
        if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(name))
          throw faults.invalidArgVal('InvalidHostname', `'${name}' is not a valid host name`);
        ctx.device.mutableSettings().hostname = name;
        return '<tds:SetHostnameResponse/>';
      }),
    ],
    ...networkOperations,
    ['GetScopes', op('READ_SYSTEM', getScopes)],
    ['SetScopes', op('WRITE_SYSTEM', setScopes)],
    ['AddScopes', op('WRITE_SYSTEM', addScopes)],
    ['RemoveScopes', op('WRITE_SYSTEM', removeScopes)],
    [
      'GetUsers',
      op(
        'READ_SYSTEM',
        (ctx) =>
          `<tds:GetUsersResponse>${ctx.camera.users.map((u) => `<tds:User><tt:Username>${esc(u.username)}</tt:Username><tt:UserLevel>${u.role}</tt:UserLevel></tds:User>`).join('')}</tds:GetUsersResponse>`,
      ),
    ],
    ['CreateUsers', op('WRITE_SYSTEM', createUsers)],
    ['DeleteUsers', op('WRITE_SYSTEM', deleteUsers)],
    ['SetUser', op('WRITE_SYSTEM', setUser)],
    ['SetSystemFactoryDefault', op('UNRECOVERABLE', setSystemFactoryDefault)],
    [
      'SystemReboot',
      op('UNRECOVERABLE', (ctx) => {
        ctx.afterResponse.push(() => ctx.camera.reboot(ctx.clock, 'SystemReboot'));
        return '<tds:SystemRebootResponse><tds:Message>Rebooting</tds:Message></tds:SystemRebootResponse>';
      }),
    ],
  ]),
};
