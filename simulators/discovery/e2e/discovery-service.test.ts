import { randomUUID } from 'node:crypto';
import { type Socket, createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import type { DiscoveryObservation } from '../../observations/observation.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { DiscoveryService } from '../discovery-service.ts';
import { WSD_MULTICAST_ADDRESS, WSD_PORT, probeXml } from '../ws-discovery-codec.ts';
import { namespaceProbes } from './namespace-probes.ts';

/** A prober/listener socket; `group` joins 239.255.255.250:3702 on loopback to hear Hello and Bye. */
async function openSocket(group: boolean): Promise<{ socket: Socket; messages: string[] }> {
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  const messages: string[] = [];
  socket.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(group ? WSD_PORT : 0, group ? undefined : '127.0.0.1', resolve));
  if (group) socket.addMembership(WSD_MULTICAST_ADDRESS, '127.0.0.1');
  return { socket, messages };
}

const xaddrsOf = (messages: string[], action: string, relatesTo?: string): string[] =>
  messages
    .filter(
      (m) =>
        m.includes(`/discovery/${action}</wsa:Action>`) &&
        (relatesTo === undefined || m.includes(`<wsa:RelatesTo>${relatesTo}</wsa:RelatesTo>`)),
    )
    .map((m) => /<d:XAddrs>([^<]+)<\/d:XAddrs>/.exec(m)?.[1] ?? /<wsa:Address>([^<]+)<\/wsa:Address>/.exec(m)![1]!);

describe('DiscoveryService on loopback', () => {
  const clock = new VirtualClock(Date.now());
  const log = new ObservationLog();
  const cameras = ['fixed-1080p', 'ptz-dome', 'legacy-bullet'].map(
    (m, i) =>
      new Camera({
        id: `disc-${i}`,
        name: `Disc ${i}`,
        site: i === 2 ? 'oxfordshire' : 'slough',
        model: findBuiltinModel(m)!,
        network: { address: `127.12.2.${i + 1}`, rtspPort: 554, onvifPort: 8080 },
        users: [],
      }),
  );
  const service = new DiscoveryService({ log, cameras: () => cameras, clock });
  // DiscoveryObservation's kind is a union, so ofKind() cannot narrow to it; query() by kind instead.
  const byes = (): DiscoveryObservation[] => log.query({ kinds: ['discovery.bye'] }) as DiscoveryObservation[];
  const hellos = (): DiscoveryObservation[] => log.query({ kinds: ['discovery.hello'] }) as DiscoveryObservation[];
  let prober: { socket: Socket; messages: string[] };
  let listener: { socket: Socket; messages: string[] };

  beforeAll(async () => {
    await service.start();
    for (const c of cameras) service.watch(c);
    prober = await openSocket(false);
    listener = await openSocket(true);
  });

  afterAll(async () => {
    await service.close();
    await service.close();
    prober.socket.close();
    listener.socket.close();
    for (const c of cameras) c.dispose();
  });

  const ours = (xaddrs: string[]): string[] => xaddrs.filter((x) => x.includes('127.12.2.')).sort();

  /** Sends a probe and returns a reader of the XAddrs answering that probe (by RelatesTo). */
  function probe(to: string, scopes: string[] = []): () => string[] {
    const id = `urn:uuid:${randomUUID()}`;
    prober.socket.send(probeXml(id, 'dn:NetworkVideoTransmitter', scopes), WSD_PORT, to);
    return () => ours(xaddrsOf(prober.messages, 'ProbeMatches', id));
  }

  it('answers a multicast probe filtered by scope', async () => {
    const answers = probe(WSD_MULTICAST_ADDRESS, ['onvif://www.onvif.org/location/slough']);
    await vi.waitFor(() => expect(answers()).toHaveLength(2));
    expect(answers()).toEqual([
      'http://127.12.2.1:8080/onvif/device_service',
      'http://127.12.2.2:8080/onvif/device_service',
    ]);
  });

  it('answers a unicast probe for the camera at that address only, from that address', async () => {
    const from = new Set<string>();
    const onMessage = (m: Buffer, rinfo: { address: string }): void =>
      void (m.includes('127.12.2.3:8080') && from.add(rinfo.address));
    prober.socket.on('message', onMessage);
    const answers = probe('127.12.2.3');
    await vi.waitFor(() => expect(answers()).toEqual(['http://127.12.2.3:8080/onvif/device_service']));
    expect([...from]).toEqual(['127.12.2.3']);
    prober.socket.off('message', onMessage);
  });

  it('shrugs off junk datagrams and keeps answering', async () => {
    prober.socket.send('<not xml', WSD_PORT, '127.12.2.1');
    prober.socket.send(Buffer.alloc(2000, 0xff), WSD_PORT, '127.12.2.1');
    const answers = probe('127.12.2.1');
    await vi.waitFor(() => expect(answers()).toEqual(['http://127.12.2.1:8080/onvif/device_service']));
  });

  it('sends Bye when a camera goes down, Hello when it is back, and stays silent while down', async () => {
    const cam = cameras[0]!;
    listener.messages.length = 0;
    cam.powerOff('test');
    await vi.waitFor(() => expect(listener.messages.some((m) => m.includes('/discovery/Bye</wsa:Action>'))).toBe(true));
    // Probe the down camera, then an up one: once the second answers, the first had its chance.
    const down = probe('127.12.2.1');
    const up = probe('127.12.2.2');
    await vi.waitFor(() => expect(up()).toHaveLength(1));
    expect(down()).toEqual([]);
    cam.boot(clock, 'test');
    clock.advance(cam.model.bootTimeMs);
    await vi.waitFor(() =>
      expect(ours(xaddrsOf(listener.messages, 'Hello'))).toEqual(['http://127.12.2.1:8080/onvif/device_service']),
    );
    expect(byes().map((o) => o.camera)).toContain(cam.id);
    expect(hellos().map((o) => o.camera)).toContain(cam.id);
  });

  it('says Bye from the old address and Hello from the new one on readdress', async () => {
    const cam = cameras[1]!;
    listener.messages.length = 0;
    cam.readdress({ ...cam.network, address: '127.12.2.20' });
    await vi.waitFor(() =>
      expect(ours(xaddrsOf(listener.messages, 'Hello'))).toEqual(['http://127.12.2.20:8080/onvif/device_service']),
    );
    expect(byes().some((o) => o.camera === cam.id && o.address === '127.12.2.2')).toBe(true);
  });

  it('answers probes whatever their namespace arrangement (DISCOVERY-2-1-1..5)', async () => {
    for (const variant of namespaceProbes('', []).map((_, i) => i)) {
      const id = `uuid:${randomUUID()}`;
      prober.socket.send(
        namespaceProbes(id, ['onvif://www.onvif.org/location/oxfordshire'])[variant]!.xml,
        WSD_PORT,
        WSD_MULTICAST_ADDRESS,
      );
      await vi.waitFor(() =>
        expect(ours(xaddrsOf(prober.messages, 'ProbeMatches', id))).toEqual([
          'http://127.12.2.3:8080/onvif/device_service',
        ]),
      );
    }
  });

  it('answers a directed probe with an unknown MatchBy rule with MatchingRuleNotSupported, a multicast one with silence', async () => {
    const rule = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/ldap';
    const relatingTo = (id: string): string[] =>
      prober.messages.filter((m) => m.includes(`<wsa:RelatesTo>${id}</wsa:RelatesTo>`));
    const multicastId = `urn:uuid:${randomUUID()}`;
    prober.socket.send(probeXml(multicastId, undefined, [], rule), WSD_PORT, WSD_MULTICAST_ADDRESS);
    const unicastId = `urn:uuid:${randomUUID()}`;
    prober.socket.send(probeXml(unicastId, undefined, [], rule), WSD_PORT, '127.12.2.3');
    await vi.waitFor(() => expect(relatingTo(unicastId)).toHaveLength(1));
    expect(relatingTo(unicastId)[0]).toContain('<env:Value>d:MatchingRuleNotSupported</env:Value>');
    // The multicast probe went out first; a later plain probe's answer shows it had its chance.
    const answers = probe('127.12.2.3');
    await vi.waitFor(() => expect(answers()).toHaveLength(1));
    expect(relatingTo(multicastId)).toEqual([]);
  });

  it('sends Hello with a higher MetadataVersion when the scopes change', async () => {
    const cam = cameras[2]!;
    listener.messages.length = 0;
    cam.emit('scopes');
    const version = (): string[] =>
      listener.messages
        .filter((m) => m.includes('/discovery/Hello</wsa:Action>') && m.includes('127.12.2.3:8080'))
        .map((m) => /<d:MetadataVersion>(\d+)</.exec(m)![1]!);
    await vi.waitFor(() => expect(version()).toEqual(['2']));
  });

  it('hides a camera a fault makes undiscoverable', async () => {
    const cam = cameras[2]!;
    cam.addFault({ id: 'hide', kind: 'test', close: () => undefined, discoverable: () => false });
    const hidden = probe('127.12.2.3');
    const visible = probe('127.12.2.1');
    await vi.waitFor(() => expect(visible()).toHaveLength(1));
    expect(hidden()).toEqual([]);
    cam.removeFault('hide');
  });
});
