import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onvifUrl } from '../../camera/uris.ts';
import { DiscoveryService } from '../../discovery/discovery-service.ts';
import { WSD_MULTICAST_ADDRESS, WSD_NS } from '../../discovery/ws-discovery-codec.ts';
import { namespaceProbes } from '../../discovery/e2e/namespace-probes.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { NS } from '../../wire/soap-writer.ts';
import { type XmlElement, attr, child, children, parseXml, textAt } from '../../wire/xml-element.ts';
import { deviceUuid } from '../device-uuid.ts';
import { ADMIN, type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';
import { digestPost, httpRequest, soapEnvelope } from './http-soap-client.ts';
import { SpecClient, findAll, schemaFailures } from './testspec-client.ts';
import { wsdlAvailable, xmllintAvailable } from './onvif-wsdl-fixture.ts';
import { WsdClient } from './wsd-client.ts';
import { RtspServer } from '../../rtsp/rtsp-server.ts';
import { StreamLibrary } from '../../rtsp/stream-library.ts';
import { rawExchange } from '../../rtsp/e2e/raw-exchange.ts';
import { syntheticLoader } from '../../rtsp/e2e/synthetic-clip.ts';

/**
 * ONVIF Base Device Test Specification (v21.12), followed step by step against the PTZ dome
 * personality (Profile S and T, every service). Test names carry the specification's ids;
 * simulators/onvif/CONFORMANCE.md maps every id to its test or says why it does not apply.
 */
const haveXmllint = await xmllintAvailable();
if (!wsdlAvailable || !haveXmllint)
  console.warn(
    `device-testspec.test: ${wsdlAvailable ? 'xmllint' : '../shared/onvif-wsdl'} is absent, skipping the schema check`,
  );

describe('ONVIF Base Device Test Specification', () => {
  let clock: VirtualClock;
  let fx: OnvifFixture;
  let dut: SpecClient;
  let discovery: DiscoveryService;
  let prober: WsdClient;
  const listeners: WsdClient[] = [];
  const groupListener = async (): Promise<WsdClient> => {
    const l = await WsdClient.groupListener();
    listeners.push(l);
    return l;
  };

  /** Every section's successful answers, validated against the schemas at the end. */
  const responses: Array<{ name: string; xml: string }> = [];

  beforeAll(async () => {
    prober = await WsdClient.prober();
  });

  afterAll(() => {
    prober.close();
    for (const l of listeners) l.close();
  });

  /**
   * Each specification section runs against a camera of its own, started fresh, so a case that
   * fails half-way (a renamed host, a moved address, a deleted user) cannot cascade into the next
   * section's cases.
   */
  const section = (title: string, cases: () => void): void => {
    describe(title, () => {
      beforeAll(async () => {
        // Wall time, since the client's UsernameToken Created comes from the real clock and must be fresh.
        clock = new VirtualClock(Date.now());
        fx = await startOnvifFixture(47, ['ptz-dome'], clock);
        dut = new SpecClient(fx.cameras[0]!);
        discovery = new DiscoveryService({
          log: fx.log,
          cameras: () => fx.cameras,
          clock,
          scopes: (c) => fx.server.scopes(c),
        });
        await discovery.start();
        discovery.watch(dut.camera);
      });
      afterAll(async () => {
        for (const r of dut.responses) if (responses.filter((k) => k.name === r.name).length < 3) responses.push(r);
        await discovery.close();
        await fx.close();
      });
      cases();
    });
  };

  const ourXaddr = (m: string): boolean => m.includes(`<d:XAddrs>${onvifUrl(dut.camera, 'device')}</d:XAddrs>`);

  /** This camera's answers to a Probe sent to the group or to its address. */
  const probe = (to: string, scopes: string[] = [], types?: string): (() => string[]) => {
    const answers = prober.probe(to, scopes, types);
    return () => answers().filter(ourXaddr);
  };
  const hellos = (l: WsdClient): string[] => l.ofAction('Hello').filter(ourXaddr);
  const deviceUuidOf = (c: SpecClient): string => deviceUuid(c.camera);
  const dnsInfo = async () => child(await dut.ok('device', 'GetDNS'), 'DNSInformation')!;
  const ntpInfo = async () => child(await dut.ok('device', 'GetNTP'), 'NTPInformation')!;
  const gateways = async () =>
    children(child(await dut.ok('device', 'GetNetworkDefaultGateway'), 'NetworkGateway'), 'IPv4Address').map(
      (e) => e.text,
    );

  section('DEVICE-1 capabilities and services', () => {
    const caps = async (category: string) =>
      child(await dut.ok('device', 'GetCapabilities', `<tds:Category>${category}</tds:Category>`), 'Capabilities')!;

    it('DEVICE-1-1-2 ALL CAPABILITIES', async () => {
      // Category All, then Category skipped: both list every service.
      for (const c of [await caps('All'), child(await dut.ok('device', 'GetCapabilities'), 'Capabilities')!]) {
        for (const [name, service] of [
          ['Device', 'device'],
          ['Media', 'media'],
          ['Events', 'events'],
          ['Imaging', 'imaging'],
          ['PTZ', 'ptz'],
        ] as const) {
          expect(textAt(c, name, 'XAddr')).toBe(onvifUrl(dut.camera, service));
        }
      }
    });

    it.each([
      ['DEVICE-1-1-3 DEVICE CAPABILITIES', 'Device'],
      ['DEVICE-1-1-4 MEDIA CAPABILITIES', 'Media'],
      ['DEVICE-1-1-5 EVENT CAPABILITIES', 'Events'],
      ['DEVICE-1-1-6 PTZ CAPABILITIES', 'PTZ'],
      ['DEVICE-1-1-10 IMAGING CAPABILITIES', 'Imaging'],
    ])('%s', async (_name, category) => {
      const c = await caps(category);
      expect(c.children.map((e) => e.local)).toEqual([category]);
      expect(textAt(c, category, 'XAddr')).toMatch(/^http:\/\/127\.12\.47\.1:\d+\/onvif\//);
    });

    it('DEVICE-1-1-9 SOAP FAULT MESSAGE (invalid capability category)', async () => {
      expect(await dut.fault('device', 'GetCapabilities', '<tds:Category>Teleportation</tds:Category>')).toMatch(
        /^env:Sender ter:InvalidArgs/,
      );
    });

    it('DEVICE-1-1-11 ANALYTICS CAPABILITIES (not offered: NoSuchService)', async () => {
      expect(await dut.fault('device', 'GetCapabilities', '<tds:Category>Analytics</tds:Category>')).toBe(
        'env:Receiver ter:ActionNotSupported/ter:NoSuchService',
      );
    });

    const services = async (include: boolean) =>
      children(
        await dut.ok('device', 'GetServices', `<tds:IncludeCapability>${include}</tds:IncludeCapability>`),
        'Service',
      );

    it.each([
      ['DEVICE-1-1-13 GET SERVICES – DEVICE SERVICE', NS.tds, 'device'],
      ['DEVICE-1-1-14 GET SERVICES – MEDIA SERVICE', NS.trt, 'media'],
      ['DEVICE-1-1-15 GET SERVICES – PTZ SERVICE', NS.tptz, 'ptz'],
      ['DEVICE-1-1-16 GET SERVICES – EVENT SERVICE', NS.tev, 'events'],
      ['DEVICE-1-1-17 GET SERVICES – IMAGING SERVICE', NS.timg, 'imaging'],
    ] as const)('%s', async (_name, ns, service) => {
      const s = (await services(false)).find((e) => textAt(e, 'Namespace') === ns);
      expect(textAt(s, 'XAddr')).toBe(onvifUrl(dut.camera, service));
      expect(Number(textAt(s, 'Version', 'Major'))).toBeGreaterThanOrEqual(2);
      expect(child(s, 'Capabilities')).toBeUndefined();
    });

    it('DEVICE-1-1-18 DEVICE SERVICE CAPABILITIES', async () => {
      const c = child(await dut.ok('device', 'GetServiceCapabilities'), 'Capabilities')!;
      for (const part of ['Network', 'Security', 'System']) expect(child(c, part)).toBeDefined();
      expect(
        attr(child(c, 'System'), 'DiscoveryNotSupported') === 'true' &&
          attr(child(c, 'System'), 'DiscoveryBye') === 'true',
      ).toBe(false);
    });

    it('DEVICE-1-1-19 GET SERVICES AND GET DEVICE SERVICE CAPABILITIES CONSISTENCY', async () => {
      const embedded = child(
        child(
          (await services(true)).find((e) => textAt(e, 'Namespace') === NS.tds),
          'Capabilities',
        ),
        'Capabilities',
      );
      const direct = child(await dut.ok('device', 'GetServiceCapabilities'), 'Capabilities');
      expect(embedded).toEqual(direct);
    });

    it('DEVICE-1-1-30 GET SERVICES AND GET CAPABILITIES CONSISTENCY', async () => {
      const list = await services(true);
      const c = await caps('All');
      const device = child(
        child(
          list.find((e) => textAt(e, 'Namespace') === NS.tds),
          'Capabilities',
        ),
        'Capabilities',
      )!;
      const pairs: Array<[string, string, string]> = [
        ['Network', 'IPFilter', 'IPFilter'],
        ['Network', 'ZeroConfiguration', 'ZeroConfiguration'],
        ['Network', 'IPVersion6', 'IPVersion6'],
        ['Network', 'DynDNS', 'DynDNS'],
        ['System', 'DiscoveryResolve', 'DiscoveryResolve'],
        ['System', 'DiscoveryBye', 'DiscoveryBye'],
        ['System', 'RemoteDiscovery', 'RemoteDiscovery'],
        ['System', 'SystemBackup', 'SystemBackup'],
        ['System', 'SystemLogging', 'SystemLogging'],
        ['System', 'FirmwareUpgrade', 'FirmwareUpgrade'],
        ['Security', 'TLS1.1', 'TLS1.1'],
        ['Security', 'TLS1.2', 'TLS1.2'],
        ['Security', 'X.509Token', 'X.509Token'],
      ];
      for (const [part, element, attribute] of pairs) {
        expect(`${part}.${element}=${textAt(c, 'Device', part, element) ?? 'false'}`).toBe(
          `${part}.${element}=${attr(child(device, part), attribute) ?? 'false'}`,
        );
      }
      const events = child(
        child(
          list.find((e) => textAt(e, 'Namespace') === NS.tev),
          'Capabilities',
        ),
        'Capabilities',
      );
      expect(attr(events, 'WSPullPointSupport') ?? 'false').toBe(textAt(c, 'Events', 'WSPullPointSupport'));
      expect(attr(events, 'WSSubscriptionPolicySupport') ?? 'false').toBe(
        textAt(c, 'Events', 'WSSubscriptionPolicySupport'),
      );
      for (const [name, ns] of [
        ['Imaging', NS.timg],
        ['Media', NS.trt],
        ['PTZ', NS.tptz],
      ] as const) {
        expect(
          list.some((e) => textAt(e, 'Namespace') === ns),
          name,
        ).toBe(child(c, name) !== undefined);
      }
      const media = child(
        child(
          list.find((e) => textAt(e, 'Namespace') === NS.trt),
          'Capabilities',
        ),
        'Capabilities',
      );
      expect(attr(child(media, 'StreamingCapabilities'), 'RTP_RTSP_TCP')).toBe(
        textAt(c, 'Media', 'StreamingCapabilities', 'RTP_RTSP_TCP'),
      );
    });

    it('DEVICE-1-1-31 GET SERVICES - XADDR', async () => {
      const requested = new URL(onvifUrl(dut.camera, 'device'));
      for (const s of await services(false)) {
        const x = new URL(textAt(s, 'XAddr')!);
        expect(x.protocol).toBe('http:');
        expect(x.host).toBe(requested.host);
        // Every advertised address answers SOAP.
        const r = await httpRequest(x.href, 'POST', soapEnvelope('<tds:GetDeviceInformation/>', ADMIN));
        expect(r.status).not.toBe(404);
      }
    });
  });

  section('DEVICE-2 network configuration', () => {
    it('DEVICE-2-1-1 NETWORK COMMAND HOSTNAME CONFIGURATION', async () => {
      const info = child(await dut.ok('device', 'GetHostname'), 'HostnameInformation');
      expect(textAt(info, 'FromDHCP')).toBe('false');
      expect(textAt(info, 'Name')).toMatch(/^[A-Za-z0-9-]+$/);
    });

    it('DEVICE-2-1-3 NETWORK COMMAND SETHOSTNAME TEST ERROR CASE', async () => {
      const before = textAt(await dut.ok('device', 'GetHostname'), 'HostnameInformation', 'Name');
      expect(await dut.fault('device', 'SetHostname', '<tds:Name>Onvif_test1</tds:Name>')).toBe(
        'env:Sender ter:InvalidArgVal/ter:InvalidHostname',
      );
      expect(textAt(await dut.ok('device', 'GetHostname'), 'HostnameInformation', 'Name')).toBe(before);
    });

    it('DEVICE-2-1-32 NETWORK COMMAND SETHOSTNAME TEST', async () => {
      const before = textAt(await dut.ok('device', 'GetHostname'), 'HostnameInformation', 'Name')!;
      await dut.ok('device', 'SetHostname', '<tds:Name>Onvif-test0-123</tds:Name>');
      expect(textAt(await dut.ok('device', 'GetHostname'), 'HostnameInformation', 'Name')).toBe('Onvif-test0-123');
      await dut.ok('device', 'SetHostname', `<tds:Name>${before}</tds:Name>`);
    });

    it('DEVICE-2-1-4 GET DNS CONFIGURATION', async () => {
      const d = await dnsInfo();
      expect(['true', 'false']).toContain(textAt(d, 'FromDHCP'));
      expect(textAt(d, 'DNSManual', 'Type')).toBe('IPv4');
    });

    it('DEVICE-2-1-5 SET DNS CONFIGURATION - SEARCHDOMAIN', async () => {
      await dut.ok(
        'device',
        'SetDNS',
        '<tds:FromDHCP>false</tds:FromDHCP><tds:SearchDomain>domain.name</tds:SearchDomain><tds:DNSManual><tt:Type>IPv4</tt:Type><tt:IPv4Address>127.0.0.53</tt:IPv4Address></tds:DNSManual>',
      );
      const d = await dnsInfo();
      expect(textAt(d, 'FromDHCP')).toBe('false');
      expect(textAt(d, 'SearchDomain')).toBe('domain.name');
    });

    it('DEVICE-2-1-6 SET DNS CONFIGURATION - DNSMANUAL IPV4', async () => {
      await dut.ok(
        'device',
        'SetDNS',
        '<tds:FromDHCP>false</tds:FromDHCP><tds:DNSManual><tt:Type>IPv4</tt:Type><tt:IPv4Address>10.1.1.1</tt:IPv4Address></tds:DNSManual>',
      );
      const d = await dnsInfo();
      expect(children(d, 'DNSManual').map((e) => textAt(e, 'IPv4Address'))).toEqual(['10.1.1.1']);
    });

    it('DEVICE-2-1-9 SET DNS CONFIGURATION - DNSMANUAL INVALID IPV4', async () => {
      expect(
        await dut.fault(
          'device',
          'SetDNS',
          '<tds:FromDHCP>false</tds:FromDHCP><tds:DNSManual><tt:Type>IPv4</tt:Type><tt:IPv4Address>10.1.1</tt:IPv4Address></tds:DNSManual>',
        ),
      ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidIPv4Address');
      expect(children(await dnsInfo(), 'DNSManual').map((e) => textAt(e, 'IPv4Address'))).toEqual(['10.1.1.1']);
    });

    it('DEVICE-2-1-11 GET NTP CONFIGURATION', async () => {
      const n = await ntpInfo();
      expect(textAt(n, 'FromDHCP')).toBe('false');
      expect(children(n, 'NTPManual').length).toBeGreaterThan(0);
    });

    it('DEVICE-2-1-12 SET NTP CONFIGURATION - NTPMANUAL IPV4', async () => {
      await dut.ok(
        'device',
        'SetNTP',
        '<tds:FromDHCP>false</tds:FromDHCP><tds:NTPManual><tt:Type>IPv4</tt:Type><tt:IPv4Address>10.1.1.1</tt:IPv4Address></tds:NTPManual>',
      );
      const n = await ntpInfo();
      expect(textAt(n, 'FromDHCP')).toBe('false');
      expect(children(n, 'NTPManual').map((e) => [textAt(e, 'Type'), textAt(e, 'IPv4Address')])).toEqual([
        ['IPv4', '10.1.1.1'],
      ]);
    });

    it('DEVICE-2-1-15 SET NTP CONFIGURATION - NTPMANUAL INVALID IPV4', async () => {
      expect(
        await dut.fault(
          'device',
          'SetNTP',
          '<tds:FromDHCP>false</tds:FromDHCP><tds:NTPManual><tt:Type>IPv4</tt:Type><tt:IPv4Address>10.1.1</tt:IPv4Address></tds:NTPManual>',
        ),
      ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidIPv4Address');
      expect(textAt(await ntpInfo(), 'NTPManual', 'IPv4Address')).toBe('10.1.1.1');
    });

    it('DEVICE-2-1-17 GET NETWORK INTERFACE CONFIGURATION', async () => {
      const nic = child(await dut.ok('device', 'GetNetworkInterfaces'), 'NetworkInterfaces')!;
      expect(attr(nic, 'token')).toBe('eth0');
      expect(textAt(nic, 'Info', 'HwAddress')).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(textAt(nic, 'IPv4', 'Config', 'Manual', 'Address')).toBe(dut.camera.network.address);
    });

    it('DEVICE-2-1-18 SET NETWORK INTERFACE CONFIGURATION - IPV4 (the camera moves to the new address)', async () => {
      const before = dut.camera.network.address;
      const group = await groupListener();
      const set = (address: string): string =>
        `<tds:InterfaceToken>eth0</tds:InterfaceToken><tds:NetworkInterface><tt:Enabled>true</tt:Enabled><tt:IPv4><tt:Enabled>true</tt:Enabled><tt:Manual><tt:Address>${address}</tt:Address><tt:PrefixLength>8</tt:PrefixLength></tt:Manual><tt:DHCP>false</tt:DHCP></tt:IPv4></tds:NetworkInterface>`;
      expect(textAt(await dut.ok('device', 'SetNetworkInterfaces', set('127.12.47.9')), 'RebootNeeded')).toBe('false');
      await vi.waitFor(() => expect(dut.camera.network.address).toBe('127.12.47.9'));
      // Hello from the new address.
      await vi.waitFor(() => expect(hellos(group).length).toBeGreaterThan(0));
      await vi.waitFor(async () =>
        expect(
          textAt(
            await dut.ok('device', 'GetNetworkInterfaces'),
            'NetworkInterfaces',
            'IPv4',
            'Config',
            'Manual',
            'Address',
          ),
        ).toBe('127.12.47.9'),
      );
      await dut.ok('device', 'SetNetworkInterfaces', set(before));
      await vi.waitFor(async () => expect((await dut.call('device', 'GetHostname')).status).toBe(200));
      expect(dut.camera.network.address).toBe(before);
    });

    it('DEVICE-2-1-20 SET NETWORK INTERFACE CONFIGURATION - INVALID IPV4', async () => {
      const body =
        '<tds:InterfaceToken>eth0</tds:InterfaceToken><tds:NetworkInterface><tt:Enabled>true</tt:Enabled><tt:IPv4><tt:Enabled>true</tt:Enabled><tt:Manual><tt:Address>10.1.1</tt:Address><tt:PrefixLength>8</tt:PrefixLength></tt:Manual><tt:DHCP>false</tt:DHCP></tt:IPv4></tds:NetworkInterface>';
      expect(await dut.fault('device', 'SetNetworkInterfaces', body)).toBe(
        'env:Sender ter:InvalidArgVal/ter:InvalidIPv4Address',
      );
      expect(
        textAt(
          await dut.ok('device', 'GetNetworkInterfaces'),
          'NetworkInterfaces',
          'IPv4',
          'Config',
          'Manual',
          'Address',
        ),
      ).toBe(dut.camera.network.address);
    });

    it('DEVICE-2-1-33 GET NETWORK PROTOCOLS CONFIGURATION', async () => {
      const list = children(await dut.ok('device', 'GetNetworkProtocols'), 'NetworkProtocols');
      expect(list.map((p) => [textAt(p, 'Name'), textAt(p, 'Enabled'), Number(textAt(p, 'Port'))])).toEqual([
        ['HTTP', 'true', dut.camera.network.onvifPort],
        ['RTSP', 'true', dut.camera.network.rtspPort],
      ]);
    });

    it('DEVICE-2-1-35 SET NETWORK PROTOCOLS CONFIGURATION - UNSUPPORTED PROTOCOLS', async () => {
      expect(
        await dut.fault(
          'device',
          'SetNetworkProtocols',
          '<tds:NetworkProtocols><tt:Name>HTTPS</tt:Name><tt:Enabled>true</tt:Enabled><tt:Port>10554</tt:Port></tds:NetworkProtocols>',
        ),
      ).toBe('env:Sender ter:InvalidArgVal/ter:ServiceNotSupported');
      expect(
        children(await dut.ok('device', 'GetNetworkProtocols'), 'NetworkProtocols').map((p) => textAt(p, 'Name')),
      ).toEqual(['HTTP', 'RTSP']);
    });

    /** The status an RTSP OPTIONS gets on address:port, or 'refused' when nothing listens there. */
    const rtspOptions = async (port: number): Promise<number | 'refused'> => {
      try {
        const { text } = await rawExchange(dut.camera.network.address, port, 'OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n', {
          until: /\r\n\r\n/,
        });
        return Number(/^RTSP\/1\.0 (\d+)/.exec(text)?.[1]);
      } catch {
        return 'refused';
      }
    };

    it('DEVICE-2-1-34 SET NETWORK PROTOCOLS CONFIGURATION (RTSP moved, switched off and on again, its listener following)', async () => {
      const streams = new StreamLibrary({ loadClip: syntheticLoader });
      const rtsp = new RtspServer({ log: fx.log, streams });
      await rtsp.addCamera(dut.camera);
      try {
        const rtspProtocol = async () =>
          children(await dut.ok('device', 'GetNetworkProtocols'), 'NetworkProtocols').find(
            (p) => textAt(p, 'Name') === 'RTSP',
          );
        const original = await rtspProtocol();
        expect(original).toBeDefined();
        const set = (port: string, enabled: boolean): string =>
          `<tds:NetworkProtocols><tt:Name>RTSP</tt:Name><tt:Enabled>${enabled}</tt:Enabled><tt:Port>${port}</tt:Port></tds:NetworkProtocols>`;
        await dut.ok('device', 'SetNetworkProtocols', set('10554', true));
        await vi.waitFor(async () =>
          expect([textAt(await rtspProtocol(), 'Enabled'), textAt(await rtspProtocol(), 'Port')]).toEqual([
            'true',
            '10554',
          ]),
        );
        await expect.poll(() => rtspOptions(10554)).toBe(200);
        await dut.ok('device', 'SetNetworkProtocols', set('10554', false));
        await vi.waitFor(async () => expect(textAt(await rtspProtocol(), 'Enabled')).toBe('false'));
        expect(Number.isInteger(Number(textAt(await rtspProtocol(), 'Port')))).toBe(true);
        await expect.poll(() => rtspOptions(10554)).toBe('refused');
        // Restore the original settings: RTSP on again, on its own port.
        await dut.ok(
          'device',
          'SetNetworkProtocols',
          set(textAt(original, 'Port')!, textAt(original, 'Enabled') === 'true'),
        );
        await vi.waitFor(async () =>
          expect([textAt(await rtspProtocol(), 'Enabled'), textAt(await rtspProtocol(), 'Port')]).toEqual([
            textAt(original, 'Enabled'),
            textAt(original, 'Port'),
          ]),
        );
        await expect.poll(() => rtspOptions(Number(textAt(original, 'Port')))).toBe(200);
        // HTTP stays: switching it off would leave the device unreachable.
        expect(
          await dut.fault(
            'device',
            'SetNetworkProtocols',
            '<tds:NetworkProtocols><tt:Name>HTTP</tt:Name><tt:Enabled>false</tt:Enabled><tt:Port>80</tt:Port></tds:NetworkProtocols>',
          ),
        ).toBe('env:Sender ter:InvalidArgVal/ter:ServiceNotSupported');
      } finally {
        await rtsp.close();
        streams.close();
      }
    });

    it('DEVICE-2-1-25 GET NETWORK DEFAULT GATEWAY CONFIGURATION', async () => {
      expect((await gateways()).length).toBeGreaterThan(0);
    });

    it('DEVICE-2-1-28 SET NETWORK DEFAULT GATEWAY CONFIGURATION - INVALID IPV4', async () => {
      const before = await gateways();
      expect(await dut.fault('device', 'SetNetworkDefaultGateway', '<tds:IPv4Address>10.1.1</tds:IPv4Address>')).toBe(
        'env:Sender ter:InvalidArgVal/ter:InvalidGatewayAddress',
      );
      expect(await gateways()).toEqual(before);
    });

    it('DEVICE-2-1-30 SET NETWORK DEFAULT GATEWAY CONFIGURATION - IPV4', async () => {
      await dut.ok('device', 'SetNetworkDefaultGateway', '<tds:IPv4Address>10.1.1.1</tds:IPv4Address>');
      expect(await gateways()).toEqual(['10.1.1.1']);
    });
  });

  section('DEVICE-3 system: date and time, information, log', () => {
    const dateTime = async () => child(await dut.ok('device', 'GetSystemDateAndTime'), 'SystemDateAndTime')!;
    const utcXml = (y: number, mo: number, d: number, h: number, mi: number, s: number): string =>
      `<tds:UTCDateTime><tt:Time><tt:Hour>${h}</tt:Hour><tt:Minute>${mi}</tt:Minute><tt:Second>${s}</tt:Second></tt:Time><tt:Date><tt:Year>${y}</tt:Year><tt:Month>${mo}</tt:Month><tt:Day>${d}</tt:Day></tt:Date></tds:UTCDateTime>`;

    it('DEVICE-3-1-1 SYSTEM COMMAND GETSYSTEMDATEANDTIME', async () => {
      const t = await dateTime();
      const now = new Date(clock.now());
      expect(textAt(t, 'UTCDateTime', 'Date', 'Year')).toBe(String(now.getUTCFullYear()));
      expect(textAt(t, 'UTCDateTime', 'Time', 'Hour')).toBe(String(now.getUTCHours()));
      expect(textAt(t, 'TimeZone', 'TZ')).toBe('UTC0');
    });

    it('DEVICE-3-1-4 SYSTEM COMMAND SETSYSTEMDATEANDTIME TEST FOR INVALID TIMEZONE', async () => {
      const f = await dut.fault(
        'device',
        'SetSystemDateAndTime',
        `<tds:DateTimeType>Manual</tds:DateTimeType><tds:DaylightSavings>true</tds:DaylightSavings><tds:TimeZone><tt:TZ>INVALIDTIMEZONE</tt:TZ></tds:TimeZone>${utcXml(2026, 11, 25, 12, 0, 0)}`,
      );
      expect(f).toBe('env:Sender ter:InvalidArgVal/ter:InvalidTimeZone');
      expect(textAt(await dateTime(), 'TimeZone', 'TZ')).not.toBe('INVALIDTIMEZONE');
    });

    it('DEVICE-3-1-5 SYSTEM COMMAND SETSYSTEMDATEANDTIME TEST FOR INVALID DATE', async () => {
      const f = await dut.fault(
        'device',
        'SetSystemDateAndTime',
        `<tds:DateTimeType>Manual</tds:DateTimeType><tds:DaylightSavings>true</tds:DaylightSavings><tds:TimeZone><tt:TZ>PST8PDT,M3.2.0,M11.1.0</tt:TZ></tds:TimeZone>${utcXml(2026, 2, 30, 25, 61, 0)}`,
      );
      expect(f).toBe('env:Sender ter:InvalidArgVal/ter:InvalidDateTime');
      const t = await dateTime();
      expect(textAt(t, 'TimeZone', 'TZ')).toBe('UTC0');
      expect(textAt(t, 'UTCDateTime', 'Date', 'Year')).toBe(String(new Date(clock.now()).getUTCFullYear()));
    });

    it('DEVICE-3-1-11 SYSTEM COMMAND SETSYSTEMDATEANDTIME', async () => {
      // The current time, two minutes ahead: close enough that UsernameToken freshness still holds.
      const set = new Date(clock.now() + 120_000);
      const fields = [
        set.getUTCFullYear(),
        set.getUTCMonth() + 1,
        set.getUTCDate(),
        set.getUTCHours(),
        set.getUTCMinutes(),
        set.getUTCSeconds(),
      ] as const;
      await dut.ok(
        'device',
        'SetSystemDateAndTime',
        `<tds:DateTimeType>Manual</tds:DateTimeType><tds:DaylightSavings>false</tds:DaylightSavings><tds:TimeZone><tt:TZ>CET-1</tt:TZ></tds:TimeZone>${utcXml(...fields)}`,
      );
      const t = await dateTime();
      expect(textAt(t, 'DateTimeType')).toBe('Manual');
      expect(textAt(t, 'TimeZone', 'TZ')).toBe('CET-1');
      const utc = ['Date/Year', 'Date/Month', 'Date/Day', 'Time/Hour', 'Time/Minute'].map((p) =>
        Number(textAt(child(t, 'UTCDateTime'), ...p.split('/'))),
      );
      expect(utc).toEqual(fields.slice(0, 5));
      // CET-1 is an hour east of UTC.
      expect(Number(textAt(t, 'LocalDateTime', 'Time', 'Hour'))).toBe((fields[3] + 1) % 24);
      clock.advance(60_000);
      expect(Number(textAt(await dateTime(), 'UTCDateTime', 'Time', 'Minute'))).toBe(
        new Date(set.getTime() + 60_000).getUTCMinutes(),
      );
    });

    it('DEVICE-3-1-12 SYSTEM COMMAND SETSYSTEMDATEANDTIME USING NTP', async () => {
      await dut.ok(
        'device',
        'SetNTP',
        '<tds:FromDHCP>false</tds:FromDHCP><tds:NTPManual><tt:Type>DNS</tt:Type><tt:DNSname>pool.ntp.org</tt:DNSname></tds:NTPManual>',
      );
      await dut.ok(
        'device',
        'SetSystemDateAndTime',
        '<tds:DateTimeType>NTP</tds:DateTimeType><tds:DaylightSavings>false</tds:DaylightSavings><tds:TimeZone><tt:TZ>UTC0</tt:TZ></tds:TimeZone>',
      );
      const t = await dateTime();
      expect(textAt(t, 'DateTimeType')).toBe('NTP');
      // Back on the run's clock (the model's skew is 0 for this personality).
      expect(Number(textAt(t, 'UTCDateTime', 'Date', 'Year'))).toBe(new Date(clock.now()).getUTCFullYear());
      expect(Number(textAt(t, 'UTCDateTime', 'Time', 'Minute'))).toBe(new Date(clock.now()).getUTCMinutes());
    });

    it('DEVICE-3-1-9 SYSTEM COMMAND DEVICE INFORMATION', async () => {
      const r = await dut.ok('device', 'GetDeviceInformation');
      expect(r.children.map((e) => e.local)).toEqual([
        'Manufacturer',
        'Model',
        'FirmwareVersion',
        'SerialNumber',
        'HardwareId',
      ]);
      expect(textAt(r, 'Manufacturer')).toBe(dut.camera.model.manufacturer);
    });

    it('DEVICE-3-1-10 SYSTEM COMMAND GETSYSTEMLOG', async () => {
      const access = textAt(
        await dut.ok('device', 'GetSystemLog', '<tds:LogType>Access</tds:LogType>'),
        'SystemLog',
        'String',
      )!;
      expect(access).toContain('device.GetDeviceInformation 200');
      const system = await dut.call('device', 'GetSystemLog', '<tds:LogType>System</tds:LogType>');
      expect(system.fault).toBeUndefined();
    });
  });

  section('DEVICE-4 security: users', () => {
    it('DEVICE-4-1-1 SECURITY COMMAND GETUSERS', async () => {
      const users = children(await dut.ok('device', 'GetUsers'), 'User');
      expect(users.map((u) => [textAt(u, 'Username'), textAt(u, 'UserLevel')])).toEqual([
        ['admin', 'Administrator'],
        ['viewer', 'User'],
      ]);
      expect(findAll(await dut.ok('device', 'GetUsers'), 'Password')).toEqual([]);
    });

    const userXml = (tag: string, name: string, level: string, password = 'OnvifTest123'): string =>
      `<tds:${tag}><tt:Username>${name}</tt:Username><tt:Password>${password}</tt:Password><tt:UserLevel>${level}</tt:UserLevel></tds:${tag}>`;
    const userList = async () =>
      children(await dut.ok('device', 'GetUsers'), 'User').map(
        (u) => `${textAt(u, 'Username')}:${textAt(u, 'UserLevel')}`,
      );

    it('DEVICE-4-1-9 SECURITY COMMAND CREATEUSERS', async () => {
      await dut.ok('device', 'CreateUsers', userXml('User', 'OnvifTest1', 'Operator'));
      await dut.ok('device', 'CreateUsers', userXml('User', 'OnvifTest2', 'User'));
      expect(await userList()).toEqual(expect.arrayContaining(['OnvifTest1:Operator', 'OnvifTest2:User']));
      await dut.ok(
        'device',
        'DeleteUsers',
        '<tds:Username>OnvifTest1</tds:Username><tds:Username>OnvifTest2</tds:Username>',
      );
      await dut.ok('device', 'CreateUsers', userXml('User', 'OnvifTest1', 'Administrator'));
      expect(await userList()).toContain('OnvifTest1:Administrator');
      await dut.ok('device', 'DeleteUsers', '<tds:Username>OnvifTest1</tds:Username>');
      expect(await userList()).toEqual(['admin:Administrator', 'viewer:User']);
    });

    it('DEVICE-4-1-3 SECURITY COMMAND CREATEUSERS ERROR CASE', async () => {
      await dut.ok('device', 'CreateUsers', userXml('User', 'OnvifTest1', 'Operator'));
      expect(await dut.fault('device', 'CreateUsers', userXml('User', 'OnvifTest1', 'User'))).toBe(
        'env:Sender ter:OperationProhibited/ter:UsernameClash',
      );
      expect(
        await dut.fault(
          'device',
          'CreateUsers',
          userXml('User', 'OnvifTest4', 'Operator') + userXml('User', 'OnvifTest1', 'User'),
        ),
      ).toBe('env:Sender ter:OperationProhibited/ter:UsernameClash');
      expect(await userList()).toEqual(['admin:Administrator', 'viewer:User', 'OnvifTest1:Operator']);
      await dut.ok('device', 'DeleteUsers', '<tds:Username>OnvifTest1</tds:Username>');
    });

    it('DEVICE-4-1-4 SECURITY COMMAND DELETEUSERS', async () => {
      await dut.ok('device', 'CreateUsers', userXml('User', 'OnvifTest1', 'Operator'));
      await dut.ok('device', 'DeleteUsers', '<tds:Username>OnvifTest1</tds:Username>');
      expect(await userList()).not.toContain('OnvifTest1:Operator');
    });

    it('DEVICE-4-1-5 SECURITY COMMAND DELETEUSERS ERROR CASE', async () => {
      await dut.ok('device', 'CreateUsers', userXml('User', 'OnvifTest1', 'Operator'));
      expect(
        await dut.fault(
          'device',
          'DeleteUsers',
          '<tds:Username>OnvifTest1</tds:Username><tds:Username>OnvifTest2</tds:Username>',
        ),
      ).toBe('env:Sender ter:InvalidArgVal/ter:UsernameMissing');
      expect(await userList()).toContain('OnvifTest1:Operator');
      await dut.ok('device', 'DeleteUsers', '<tds:Username>OnvifTest1</tds:Username>');
      expect(await userList()).toEqual(['admin:Administrator', 'viewer:User']);
    });

    it('DEVICE-4-1-6 SECURITY COMMAND DELETEUSERS DELETE ALL USERS', async () => {
      const r = await dut.call(
        'device',
        'DeleteUsers',
        '<tds:Username>admin</tds:Username><tds:Username>viewer</tds:Username>',
      );
      // Either answer passes; ours refuses to remove the last Administrator (it would lock the camera).
      expect(r.fault).toBe('env:Sender ter:InvalidArgVal/ter:FixedUser');
      expect(await userList()).toEqual(['admin:Administrator', 'viewer:User']);
    });

    it('DEVICE-4-1-7 SECURITY COMMAND SETUSER', async () => {
      await dut.ok(
        'device',
        'CreateUsers',
        userXml('User', 'OnvifTest1', 'Operator') + userXml('User', 'OnvifTest2', 'Operator'),
      );
      await dut.ok('device', 'SetUser', userXml('User', 'OnvifTest1', 'Operator', 'OnvifTest321'));
      expect(dut.camera.findUser('OnvifTest1')?.password).toBe('OnvifTest321');
      await dut.ok(
        'device',
        'SetUser',
        userXml('User', 'OnvifTest1', 'Operator') + userXml('User', 'OnvifTest2', 'User', 'OnvifTest321'),
      );
      expect(await userList()).toEqual(expect.arrayContaining(['OnvifTest1:Operator', 'OnvifTest2:User']));
      await dut.ok(
        'device',
        'DeleteUsers',
        '<tds:Username>OnvifTest1</tds:Username><tds:Username>OnvifTest2</tds:Username>',
      );
    });

    it('DEVICE-4-1-8 SECURITY COMMAND USER MANAGEMENT ERROR CASE', async () => {
      await dut.ok('device', 'CreateUsers', userXml('User', 'OnvifTest1', 'Operator'));
      expect(
        await dut.fault(
          'device',
          'SetUser',
          userXml('User', 'OnvifTest1', 'User') + userXml('User', 'OnvifTest5', 'User'),
        ),
      ).toBe('env:Sender ter:InvalidArgVal/ter:UsernameMissing');
      expect(await userList()).toContain('OnvifTest1:Operator');
      await dut.ok('device', 'DeleteUsers', '<tds:Username>OnvifTest1</tds:Username>');
      expect(await userList()).toEqual(['admin:Administrator', 'viewer:User']);
    });
  });

  section('DEVICE-6 namespaces', () => {
    /** DEVICE-6-1-x send SetDNS with the namespace declarations arranged five ways; the device must read them all alike. */
    const dnsRequest = (body: string): string => soapEnvelope('BODY', ADMIN).replace('BODY', body);
    it.each([
      [
        'DEVICE-6-1-1 DEVICE MANAGEMENT - NAMESPACES (DEFAULT NAMESPACES FOR EACH TAG)',
        `<SetDNS xmlns="${NS.tds}"><FromDHCP xmlns="${NS.tds}">false</FromDHCP><DNSManual xmlns="${NS.tds}"><Type xmlns="${NS.tt}">IPv4</Type><IPv4Address xmlns="${NS.tt}">10.0.0.61</IPv4Address></DNSManual></SetDNS>`,
        '10.0.0.61',
      ],
      [
        'DEVICE-6-1-2 DEVICE MANAGEMENT - NAMESPACES (DEFAULT NAMESPACES FOR PARENT TAG)',
        `<SetDNS xmlns="${NS.tds}"><FromDHCP>false</FromDHCP><DNSManual><Type xmlns="${NS.tt}">IPv4</Type><IPv4Address xmlns="${NS.tt}">10.0.0.62</IPv4Address></DNSManual></SetDNS>`,
        '10.0.0.62',
      ],
      [
        'DEVICE-6-1-3 DEVICE MANAGEMENT - NAMESPACES (NOT STANDARD PREFIXES)',
        `<a:SetDNS xmlns:a="${NS.tds}" xmlns:b="${NS.tt}"><a:FromDHCP>false</a:FromDHCP><a:DNSManual><b:Type>IPv4</b:Type><b:IPv4Address>10.0.0.63</b:IPv4Address></a:DNSManual></a:SetDNS>`,
        '10.0.0.63',
      ],
      [
        'DEVICE-6-1-4 DEVICE MANAGEMENT - NAMESPACES (DIFFERENT PREFIXES FOR THE SAME NAMESPACE)',
        `<a:SetDNS xmlns:a="${NS.tds}" xmlns:c="${NS.tds}" xmlns:b="${NS.tt}"><c:FromDHCP>false</c:FromDHCP><a:DNSManual><b:Type>IPv4</b:Type><b:IPv4Address>10.0.0.64</b:IPv4Address></a:DNSManual></a:SetDNS>`,
        '10.0.0.64',
      ],
      [
        'DEVICE-6-1-5 DEVICE MANAGEMENT - NAMESPACES (THE SAME PREFIX FOR DIFFERENT NAMESPACES)',
        `<a:SetDNS xmlns:a="${NS.tds}"><a:FromDHCP>false</a:FromDHCP><a:DNSManual><a:Type xmlns:a="${NS.tt}">IPv4</a:Type><a:IPv4Address xmlns:a="${NS.tt}">10.0.0.65</a:IPv4Address></a:DNSManual></a:SetDNS>`,
        '10.0.0.65',
      ],
    ])('%s', async (_name, body, address) => {
      const r = await httpRequest(onvifUrl(dut.camera, 'device'), 'POST', dnsRequest(body));
      expect(r.status).toBe(200);
      expect(textAt(await dnsInfo(), 'DNSManual', 'IPv4Address')).toBe(address);
    });
  });

  section('SECURITY-1 authentication', () => {
    it('SECURITY-1-1-1 USER TOKEN PROFILE', async () => {
      expect(
        (await httpRequest(onvifUrl(dut.camera, 'device'), 'POST', soapEnvelope('<tds:GetUsers/>', ADMIN))).status,
      ).toBe(200);
      const wrong = await httpRequest(
        onvifUrl(dut.camera, 'device'),
        'POST',
        soapEnvelope('<tds:GetUsers/>', { username: 'admin', password: 'wrong' }),
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body).toContain('ter:NotAuthorized');
    });

    it('SECURITY-1-1-2 DIGEST AUTHENTICATION', async () => {
      const url = onvifUrl(dut.camera, 'device');
      const challenge = await httpRequest(url, 'POST', soapEnvelope('<tds:GetUsers/>'));
      expect(challenge.status).toBe(401);
      expect(String(challenge.headers['www-authenticate'])).toMatch(/^Digest .*qop="?auth/);
      expect((await digestPost(url, soapEnvelope('<tds:GetUsers/>'), ADMIN.username, ADMIN.password)).status).toBe(200);
      expect((await digestPost(url, soapEnvelope('<tds:GetUsers/>'), ADMIN.username, 'wrong')).status).toBe(401);
    });
  });

  section('DISCOVERY-1 discovery, and DEVICE-3 factory default and reboot', () => {
    it('DISCOVERY-1-1-4 SEARCH WITH OMITTED DEVICE AND SCOPE TYPES', async () => {
      const answers = probe(WSD_MULTICAST_ADDRESS, [], '');
      await vi.waitFor(() => expect(answers()).toHaveLength(1), { timeout: 5_000 });
      expect(answers()[0]).toContain('ProbeMatches');
    });

    it('DISCOVERY-1-1-3 SEARCH BASED ON DEVICE SCOPE TYPES', async () => {
      const scopes = children(await dut.ok('device', 'GetScopes'), 'Scopes').map((e) => textAt(e, 'ScopeItem')!);
      for (const kind of ['type', 'location', 'hardware', 'name']) {
        const scope = scopes.find((x) => x.startsWith(`onvif://www.onvif.org/${kind}/`))!;
        const answers = probe(WSD_MULTICAST_ADDRESS, [scope]);
        await vi.waitFor(() => expect(answers(), kind).toHaveLength(1), { timeout: 5_000 });
      }
    });

    it('DISCOVERY-1-1-9 DISCOVERY MODE CONFIGURATION: NonDiscoverable is read back, answers no Probe and announces nothing across a reboot', async () => {
      expect(textAt(await dut.ok('device', 'GetDiscoveryMode'), 'DiscoveryMode')).toBe('Discoverable');
      await dut.ok('device', 'SetDiscoveryMode', '<tds:DiscoveryMode>NonDiscoverable</tds:DiscoveryMode>');
      expect(textAt(await dut.ok('device', 'GetDiscoveryMode'), 'DiscoveryMode')).toBe('NonDiscoverable');
      // Probes that came to the camera's own address (multicast ones from parallel tests do not count).
      const probesSeen = (): number =>
        fx.log
          .query({ kinds: ['discovery.probe'] })
          .filter((o) => 'address' in o && o.address === dut.camera.network.address).length;
      const before = probesSeen();
      const hidden = probe(dut.camera.network.address);
      // The device has read (and ignored) the probe before the mode changes back.
      await vi.waitFor(() => expect(probesSeen()).toBeGreaterThan(before), { timeout: 5_000 });
      // Nor does it announce itself across a reboot: no Bye going down, no Hello coming back up.
      const announced = (): number =>
        fx.log
          .query({ kinds: ['discovery.bye', 'discovery.hello'] })
          .filter((o) => 'camera' in o && o.camera === dut.camera.id).length;
      const announcedBefore = announced();
      await dut.ok('device', 'SystemReboot');
      await vi.waitFor(() => expect(dut.camera.power).toBe('booting'));
      clock.advance(dut.camera.model.bootTimeMs);
      await vi.waitFor(async () => expect((await dut.call('device', 'GetDiscoveryMode')).status).toBe(200));
      expect(announced()).toBe(announcedBefore);
      await dut.ok('device', 'SetDiscoveryMode', '<tds:DiscoveryMode>Discoverable</tds:DiscoveryMode>');
      const visible = probe(dut.camera.network.address);
      // The second probe is answered; the first, sent while hidden, never was.
      await vi.waitFor(() => expect(visible()).toHaveLength(1), { timeout: 5_000 });
      expect(hidden()).toEqual([]);
    });

    it('DEVICE-3-1-7 SYSTEM COMMAND FACTORY DEFAULT SOFT', async () => {
      await dut.ok('device', 'SetHostname', '<tds:Name>renamed</tds:Name>');
      await dut.ok(
        'device',
        'SetNTP',
        '<tds:FromDHCP>false</tds:FromDHCP><tds:NTPManual><tt:Type>IPv4</tt:Type><tt:IPv4Address>10.9.9.9</tt:IPv4Address></tds:NTPManual>',
      );
      await dut.ok('device', 'SetSystemFactoryDefault', '<tds:FactoryDefault>Soft</tds:FactoryDefault>');
      await vi.waitFor(() => expect(dut.camera.power).toBe('booting'));
      clock.advance(dut.camera.model.bootTimeMs);
      await vi.waitFor(async () => expect((await dut.call('device', 'GetHostname')).status).toBe(200));
      expect(textAt(await dut.ok('device', 'GetHostname'), 'HostnameInformation', 'Name')).not.toBe('renamed');
      // Soft keeps the network settings.
      expect(textAt(await ntpInfo(), 'NTPManual', 'IPv4Address')).toBe('10.9.9.9');
      const answers = probe(WSD_MULTICAST_ADDRESS);
      await vi.waitFor(() => expect(answers()).toHaveLength(1), { timeout: 5_000 });
    });

    it('DEVICE-3-1-6 SYSTEM COMMAND FACTORY DEFAULT HARD', async () => {
      const group = await groupListener();
      await dut.ok('device', 'SetSystemFactoryDefault', '<tds:FactoryDefault>Hard</tds:FactoryDefault>');
      await vi.waitFor(() => expect(dut.camera.power).toBe('booting'));
      clock.advance(dut.camera.model.bootTimeMs);
      await vi.waitFor(async () => expect((await dut.call('device', 'GetNTP')).status).toBe(200));
      expect(textAt(await ntpInfo(), 'NTPManual', 'DNSname')).toBe('pool.ntp.org');
      expect(await gateways()).toEqual(['127.0.0.1']);
      // The multicast Hello after the reset.
      await vi.waitFor(() => expect(hellos(group)).toHaveLength(1), { timeout: 5_000 });
    });

    it('DEVICE-3-1-8 SYSTEM COMMAND REBOOT / DISCOVERY-1-1-8 BYE MESSAGE / DISCOVERY-1-1-2 HELLO MESSAGE VALIDATION', async () => {
      const group = await groupListener();
      expect(textAt(await dut.ok('device', 'SystemReboot'), 'Message')).toBeTruthy();
      await vi.waitFor(() => expect(dut.camera.power).toBe('booting'));
      await vi.waitFor(() =>
        expect(group.ofAction('Bye').some((m) => m.includes(`<wsa:Address>${deviceUuidOf(dut)}</wsa:Address>`))).toBe(
          true,
        ),
      );
      clock.advance(dut.camera.model.bootTimeMs);
      await vi.waitFor(async () => expect((await dut.call('device', 'GetDeviceInformation')).status).toBe(200));
      await vi.waitFor(() => expect(hellos(group).length).toBeGreaterThan(0));
      const hello = parseXml(hellos(group)[0]!);
      const body = child(child(hello, 'Body'), 'Hello')!;
      expect(textAt(body, 'EndpointReference', 'Address')).toBe(deviceUuidOf(dut));
      // Types carry their namespace; Scopes carry type, location, hardware and name.
      const types = textAt(body, 'Types')!;
      expect(types).toMatch(/(^|\s)(\w+):NetworkVideoTransmitter(\s|$)/);
      const prefix = /(\w+):NetworkVideoTransmitter/.exec(types)![1]!;
      expect(hellos(group)[0]).toContain(`xmlns:${prefix}="http://www.onvif.org/ver10/network/wsdl"`);
      const scopes = textAt(body, 'Scopes')!.split(/\s+/);
      for (const kind of ['type', 'location', 'hardware', 'name'])
        expect(
          scopes.some((x) => x.startsWith(`onvif://www.onvif.org/${kind}/`)),
          kind,
        ).toBe(true);
    });

    it('DISCOVERY-1-1-5 RESPONSE TO INVALID SEARCH REQUEST', async () => {
      const invalid = probe(
        WSD_MULTICAST_ADDRESS,
        ['onvif://www.onvif.org/no_such_scope/at_all'],
        'dn:NoSuchDeviceType',
      );
      const valid = probe(WSD_MULTICAST_ADDRESS);
      // The valid probe, sent after the invalid one, is answered; the invalid one never is.
      await vi.waitFor(() => expect(valid()).toHaveLength(1), { timeout: 5_000 });
      expect(invalid()).toEqual([]);
    });

    it('DISCOVERY-1-1-6 SEARCH USING UNICAST PROBE MESSAGE', async () => {
      const answers = probe(dut.camera.network.address);
      await vi.waitFor(() => expect(answers()).toHaveLength(1), { timeout: 5_000 });
      expect(answers()[0]).toContain('/discovery/ProbeMatches</wsa:Action>');
    });
  });

  section('DISCOVERY-1 scopes and DISCOVERY-2 namespaces', () => {
    const scopeList = async (): Promise<string[]> =>
      children(await dut.ok('device', 'GetScopes'), 'Scopes').map((e) => textAt(e, 'ScopeItem')!);
    /** Annex A.7: how long the test tool waits for discovery answers. */
    const DISCOVERY_TIMEOUT_MS = 5_000;

    /** DISCOVERY-2-1-x pass criteria: device type with its namespace, scopes, the fixed XAddrs entry point, RelatesTo = the probe's MessageID. */
    const expectProbeMatch = (xml: string, messageId: string, scopes: readonly string[]): void => {
      const env = parseXml(xml);
      expect(textAt(env, 'Header', 'RelatesTo')).toBe(messageId);
      const match = child(child(child(env, 'Body'), 'ProbeMatches'), 'ProbeMatch')!;
      const prefix = /(\w+):NetworkVideoTransmitter/.exec(textAt(match, 'Types')!)![1]!;
      expect(xml).toContain(`xmlns:${prefix}="http://www.onvif.org/ver10/network/wsdl"`);
      expect(textAt(match, 'XAddrs')).toBe(
        `http://${dut.camera.network.address}:${dut.camera.network.onvifPort}/onvif/device_service`,
      );
      expect(textAt(match, 'Scopes')!.split(' ')).toEqual(expect.arrayContaining([...scopes]));
      expect(Number(textAt(match, 'MetadataVersion'))).toBeGreaterThanOrEqual(1);
    };

    it.each(namespaceProbes('', []).map((p, i) => [`${p.id} ${p.title}`, i] as const))('%s', async (_name, i) => {
      const all = await scopeList();
      const scopes = ['type', 'location', 'hardware', 'name'].map((kind) =>
        all.find((x) => x.startsWith(`onvif://www.onvif.org/${kind}/`)),
      );
      expect(
        scopes.every((x) => x !== undefined),
        'GetScopes lists type, location, hardware and name',
      ).toBe(true);
      const messageId = `uuid:${randomUUID()}`;
      const answers = prober.send(
        WSD_MULTICAST_ADDRESS,
        messageId,
        namespaceProbes(messageId, scopes as string[])[i]!.xml,
      );
      const ours = (): string[] => answers().filter(ourXaddr);
      await vi.waitFor(() => expect(ours()).toHaveLength(1), { timeout: DISCOVERY_TIMEOUT_MS });
      expectProbeMatch(ours()[0]!, messageId, scopes as string[]);
    });

    it('DISCOVERY-1-1-10 SOAP FAULT MESSAGE', async () => {
      const answers = prober.probe(
        dut.camera.network.address,
        ['onvif://www.onvif.org/name'],
        undefined,
        'http://schemas.xmlsoap.org/ws/2005/04/discovery/ldap',
      );
      await vi.waitFor(() => expect(answers()).toHaveLength(1), { timeout: DISCOVERY_TIMEOUT_MS });
      // A SOAP 1.2 fault (Part 1 §5.4): Code with Value and Subcode, then Reason with a language-tagged Text.
      const env = parseXml(answers()[0]!);
      const fault = child(child(env, 'Body'), 'Fault')!;
      expect(fault.ns).toBe('http://www.w3.org/2003/05/soap-envelope');
      expect(fault.children.map((c) => c.local).slice(0, 2)).toEqual(['Code', 'Reason']);
      // Fault codes are QNames: resolve their prefixes against the declarations in scope, as the test tool does.
      const qname = (path: XmlElement[]): string => {
        const [prefix, local] = path[path.length - 1]!.text.split(':');
        const ns = path
          .map((e) => e.attrs?.[`xmlns:${prefix}`])
          .filter((x) => x !== undefined)
          .pop();
        return `{${ns}}${local}`;
      };
      const code = child(fault, 'Code')!;
      const subcode = child(code, 'Subcode')!;
      expect(qname([env, child(env, 'Body')!, fault, code, child(code, 'Value')!])).toBe(
        '{http://www.w3.org/2003/05/soap-envelope}Sender',
      );
      expect(qname([env, child(env, 'Body')!, fault, code, subcode, child(subcode, 'Value')!])).toBe(
        `{${WSD_NS}}MatchingRuleNotSupported`,
      );
      expect(attr(child(child(fault, 'Reason'), 'Text'), 'lang')).toBe('en');
    });

    it('DISCOVERY-1-1-11 DEVICE SCOPES CONFIGURATION', async () => {
      const group = await groupListener();
      const before = await scopeList();
      for (const kind of ['type', 'location', 'hardware', 'name'])
        expect(
          before.some((x) => x.startsWith(`onvif://www.onvif.org/${kind}/`)),
          kind,
        ).toBe(true);
      const configurable = children(await dut.ok('device', 'GetScopes'), 'Scopes')
        .filter((e) => textAt(e, 'ScopeDef') === 'Configurable')
        .map((e) => textAt(e, 'ScopeItem')!);
      const scopeItems = (el: string, items: readonly string[]): string =>
        items.map((x) => `<tds:${el}>${x}</tds:${el}>`).join('');
      await dut.ok(
        'device',
        'SetScopes',
        scopeItems('Scopes', ['onvif://www.onvif.org/name/Spec_Camera', 'onvif://www.onvif.org/location/test_bench']),
      );
      // The Hello after a change carries every current scope and a higher MetadataVersion than the one before.
      const helloAfter = async (count: number): Promise<{ scopes: string[]; version: number }> => {
        await vi.waitFor(() => expect(hellos(group).length).toBeGreaterThan(count), { timeout: DISCOVERY_TIMEOUT_MS });
        const body = child(child(parseXml(hellos(group)[count]!), 'Body'), 'Hello')!;
        expect(textAt(body, 'XAddrs')).toBe(onvifUrl(dut.camera, 'device'));
        return { scopes: textAt(body, 'Scopes')!.split(' '), version: Number(textAt(body, 'MetadataVersion')) };
      };
      const afterSet = await helloAfter(0);
      expect(afterSet.scopes).toEqual(await scopeList());
      const added = 'onvif://www.onvif.org/location/added_by_test';
      await dut.ok('device', 'AddScopes', scopeItems('ScopeItem', [added]));
      const afterAdd = await helloAfter(1);
      expect(afterAdd.scopes).toEqual(await scopeList());
      expect(afterAdd.scopes).toContain(added);
      expect(afterAdd.version).toBeGreaterThan(afterSet.version);
      const found = probe(WSD_MULTICAST_ADDRESS, [added]);
      await vi.waitFor(() => expect(found()).toHaveLength(1), { timeout: DISCOVERY_TIMEOUT_MS });
      expect(
        textAt(child(child(parseXml(found()[0]!), 'Body'), 'ProbeMatches'), 'ProbeMatch', 'Scopes')!.split(' '),
      ).toContain(added);
      expect(textAt(await dut.ok('device', 'RemoveScopes', scopeItems('ScopeItem', [added])), 'ScopeItem')).toBe(added);
      const afterRemove = await helloAfter(2);
      expect(afterRemove.scopes).not.toContain(added);
      expect(afterRemove.version).toBeGreaterThan(afterAdd.version);
      const gone = probe(WSD_MULTICAST_ADDRESS, [added]);
      const control = probe(WSD_MULTICAST_ADDRESS);
      // The probe sent after the one for the removed scope is answered; the removed scope's never is.
      await vi.waitFor(() => expect(control()).toHaveLength(1), { timeout: DISCOVERY_TIMEOUT_MS });
      expect(gone()).toEqual([]);
      await dut.ok('device', 'SetScopes', scopeItems('Scopes', configurable));
      expect(await scopeList()).toEqual(before);
    });
  });

  it.skipIf(!wsdlAvailable || !haveXmllint)(
    'the answers above validate against onvif.xsd and the service schemas (xmllint)',
    async () => {
      expect(responses.length).toBeGreaterThan(30);
      expect(await schemaFailures(responses)).toEqual([]);
    },
  );
});
