import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { DiscoveryService } from '../../discovery/discovery-service.ts';
import { deviceUuid } from '../../onvif/device-uuid.ts';
import { WsdClient } from '../../onvif/e2e/wsd-client.ts';
import { type QuirkCamera, startQuirkCamera } from './quirk-fixture.ts';

const WSA_2004 = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
const WSA_2005 = 'http://www.w3.org/2005/08/addressing';

/** WS-Discovery quirks, seen by a raw UDP prober sending directed Probes to the camera's own address:3702. */
describe('WS-Discovery quirks on the wire', () => {
  let q: QuirkCamera;
  let discovery: DiscoveryService;
  let prober: WsdClient;
  const clock = new VirtualClock(Date.now());
  const address = (): string => q.camera.network.address;
  /** Probes the camera directly and waits for `count` replies relating to it (a bounded wait). */
  const probe = async (count = 1): Promise<string[]> => {
    const replies = prober.probe(address());
    await vi.waitFor(() => expect(replies().length).toBeGreaterThanOrEqual(count), { timeout: 5_000 });
    return replies();
  };
  const xaddrs = (reply: string): string[] => /<d:XAddrs>([^<]*)<\/d:XAddrs>/.exec(reply)![1]!.split(' ');

  beforeAll(async () => {
    q = await startQuirkCamera(3, { clock });
    discovery = new DiscoveryService({ log: q.log, cameras: () => [q.camera], multicast: false, clock });
    await discovery.start();
    prober = await WsdClient.prober();
  });
  afterEach(() => q.off());
  afterAll(async () => {
    prober.close();
    await discovery.close();
    await q.close();
  });

  it('without quirks: one ProbeMatches, WS-Addressing 2004/08, MetadataVersion, the camera address alone', async () => {
    const [reply] = await probe();
    expect(reply).toContain(`xmlns:wsa="${WSA_2004}"`);
    expect(reply).toMatch(/<d:MetadataVersion>\d+<\/d:MetadataVersion>/);
    expect(xaddrs(reply!)).toEqual([q.url()]);
  });

  it('wsd-addressing-2005: the reply is in the WS-Addressing 1.0 namespace', async () => {
    q.on('wsd-addressing-2005');
    const [reply] = await probe();
    expect(reply).toContain(`xmlns:wsa="${WSA_2005}"`);
    expect(reply).toContain(`<wsa:To>${WSA_2005}/anonymous</wsa:To>`);
    expect(reply).not.toContain(WSA_2004);
  });

  it('no-metadata-version: the ProbeMatch has no MetadataVersion', async () => {
    q.on('no-metadata-version');
    const [reply] = await probe();
    expect(reply).toContain('<d:ProbeMatch>');
    expect(reply).not.toContain('MetadataVersion');
  });

  it('late-probe-matches: nothing until the camera clock has moved by the delay, then the reply', async () => {
    q.on('late-probe-matches', { delay: '3s' });
    const replies = prober.probe(address());
    await vi.waitFor(() => expect(clock.pendingCount()).toBe(1), { timeout: 5_000 });
    clock.advance(2_999);
    expect(replies()).toEqual([]);
    clock.advance(1);
    await vi.waitFor(() => expect(replies().length).toBe(1), { timeout: 5_000 });
  });

  it('duplicate-probe-matches: the same datagram, same MessageID, three times', async () => {
    q.on('duplicate-probe-matches', { copies: 3, gap: '50ms' });
    const replies = prober.probe(address());
    await vi.waitFor(() => expect(replies().length).toBe(1), { timeout: 5_000 });
    clock.advance(100);
    await vi.waitFor(() => expect(replies().length).toBe(3), { timeout: 5_000 });
    expect(new Set(replies()).size).toBe(1);
  });

  it('unreachable-xaddr-first: a link-local address comes first in XAddrs, the reachable one second', async () => {
    q.on('unreachable-xaddr-first');
    const [reply] = await probe();
    expect(xaddrs(reply!)).toEqual(['http://169.254.10.20/onvif/device_service', q.url()]);
  });

  it('nat-xaddrs: XAddrs name the NAT address', async () => {
    q.on('nat-xaddrs', { host: '203.0.113.10', onvifPort: 8080 });
    const [reply] = await probe();
    expect(xaddrs(reply!)).toEqual(['http://203.0.113.10:8080/onvif/device_service']);
  });

  it('no-unicast-probe-reply: a directed Probe gets no answer', async () => {
    q.on('no-unicast-probe-reply');
    const replies = prober.probe(address());
    const probes = (): number => q.log.ofKind('discovery.probe').filter((p) => p.address === address()).length;
    const before = probes();
    await vi.waitFor(() => expect(probes()).toBe(before + 1), { timeout: 5_000 });
    // The camera has read the Probe; a reply would be sent at once (no delay is pending either).
    q.off();
    const control = prober.probe(address());
    await vi.waitFor(() => expect(control().length).toBe(1), { timeout: 5_000 });
    expect(replies()).toEqual([]);
  });
});

describe('stale-xaddrs-after-readdress: the camera moves, its XAddrs do not', () => {
  it('announces itself from its new address with a Hello naming the old one, and answers Probes there the same way', async () => {
    const q = await startQuirkCamera(4);
    const discovery = new DiscoveryService({ log: q.log, cameras: () => [q.camera] });
    await discovery.start();
    discovery.watch(q.camera);
    const group = await WsdClient.groupListener();
    const prober = await WsdClient.prober();
    try {
      q.on('stale-xaddrs-after-readdress');
      const old = q.url();
      q.camera.readdress({ ...q.camera.network, address: '127.77.4.2' });
      const xaddrsOf = (xml: string): string => /<d:XAddrs>([^<]*)<\/d:XAddrs>/.exec(xml)![1]!;
      // Other test runs on this machine may announce cameras too: only this camera's endpoint counts.
      const mine = (): string[] => group.ofAction('Hello').filter((m) => m.includes(deviceUuid(q.camera)));
      await vi.waitFor(() => expect(mine().length).toBeGreaterThan(0), { timeout: 5_000 });
      const hello = mine().at(-1)!;
      expect(xaddrsOf(hello)).toBe(old);
      expect(old).toContain('127.77.4.1');
      // The camera's discovery socket on its new address binds in the background: probe until it answers.
      let reply: string | undefined;
      await vi.waitFor(
        () => {
          reply ??= prober.received.find((m) => m.includes('ProbeMatches'));
          if (reply === undefined) prober.probe('127.77.4.2');
          expect(reply).toBeDefined();
        },
        { timeout: 5_000, interval: 200 },
      );
      expect(xaddrsOf(reply!)).toBe(old);
    } finally {
      prober.close();
      group.close();
      await discovery.close();
      await q.close();
    }
  });
});
