import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { ParseError } from '../../../media/errors/parse-error.ts';
import { child, parseXml, textAt, type XmlElement } from '../../../simulators/wire/xml-element.ts';
import { probeXml, WSD_MULTICAST_ADDRESS, WSD_PORT } from '../../../simulators/discovery/ws-discovery-codec.ts';

/** What the mini hub reads of a WS-Discovery Hello or ProbeMatch: who (endpoint reference) and where (XAddrs). */
export interface DiscoveryAnnouncement {
  message: 'hello' | 'bye' | 'probe-match';
  endpoint: string;
  xaddrs: string[];
}

function announcement(
  message: DiscoveryAnnouncement['message'],
  el: XmlElement | undefined,
): DiscoveryAnnouncement | undefined {
  const endpoint = textAt(el, 'EndpointReference', 'Address')?.trim();
  if (endpoint === undefined || endpoint === '') return undefined;
  // A Bye names only who leaves; the others must say where the device is.
  if (message === 'bye') return { message, endpoint, xaddrs: [] };
  const xaddrs = textAt(el, 'XAddrs');
  if (xaddrs === undefined) return undefined;
  return { message, endpoint, xaddrs: xaddrs.split(/\s+/).filter((x) => x.length > 0) };
}

/** A Hello, a Bye or the first ProbeMatch of a datagram, read by local names; anything else (Probe, garbage) is undefined. */
export function readAnnouncement(datagram: Buffer): DiscoveryAnnouncement | undefined {
  let root: XmlElement;
  try {
    root = parseXml(datagram.toString('utf8'));
  } catch (err) {
    if (err instanceof ParseError) return undefined;
    throw err;
  }
  const body = child(root, 'Body');
  const hello = child(body, 'Hello');
  if (hello !== undefined) return announcement('hello', hello);
  const bye = child(body, 'Bye');
  if (bye !== undefined) return announcement('bye', bye);
  return announcement('probe-match', child(child(body, 'ProbeMatches'), 'ProbeMatch'));
}

function bind(port: number, address: string | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: true });
    s.once('error', reject);
    s.bind(port, address, () => {
      s.off('error', reject);
      resolve(s);
    });
  });
}

/**
 * A directed Probe to `address`:3702, as a hub commissioning a camera it was given asks who is
 * there: resolves with the first ProbeMatch, or undefined when none comes within `timeoutMs`.
 */
export async function directedProbe(address: string, timeoutMs: number): Promise<DiscoveryAnnouncement | undefined> {
  const socket = await bind(0, '127.0.0.1');
  try {
    return await new Promise<DiscoveryAnnouncement | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      socket.on('message', (msg) => {
        const a = readAnnouncement(msg);
        if (a?.message !== 'probe-match') return;
        clearTimeout(timer);
        resolve(a);
      });
      socket.send(probeXml(`urn:uuid:${randomUUID()}`), WSD_PORT, address, (err) => {
        if (err === null) return;
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  } finally {
    socket.close();
  }
}

/** A ProbeMatch and the address it came from. */
export interface LocatedDevice {
  match: DiscoveryAnnouncement;
  from: string;
}

/**
 * A multicast Probe on loopback for devices with every scope in `scopes` (a commissioning hub asks
 * for one site's location), as ONVIF Core §7.3 has a client locate devices: each ProbeMatch heard
 * within `windowMs` (devices answer within APP_MAX_DELAY, 500 ms) goes to `onMatch` as it comes,
 * and the promise resolves with them all at the window's end. Every fleet on the host hears the
 * Probe; the scope keeps the others quiet.
 */
export async function multicastProbe(
  scopes: readonly string[],
  windowMs: number,
  onMatch: (m: LocatedDevice) => void = () => undefined,
): Promise<LocatedDevice[]> {
  const socket = await bind(0, '127.0.0.1');
  try {
    socket.setMulticastInterface('127.0.0.1');
    const matches: LocatedDevice[] = [];
    socket.on('message', (msg, rinfo) => {
      const a = readAnnouncement(msg);
      if (a?.message !== 'probe-match') return;
      const m = { match: a, from: rinfo.address };
      matches.push(m);
      onMatch(m);
    });
    await new Promise<void>((resolve) =>
      socket.send(
        probeXml(`urn:uuid:${randomUUID()}`, 'dn:NetworkVideoTransmitter', scopes),
        WSD_PORT,
        WSD_MULTICAST_ADDRESS,
        () => resolve(),
      ),
    );
    await new Promise<void>((resolve) => setTimeout(resolve, windowMs));
    return matches;
  } finally {
    socket.close();
  }
}

/**
 * Listens to the WS-Discovery multicast group on loopback for Hellos and Byes (a camera coming up,
 * going down or moving to a new address announces it there), each with the address it came from.
 * Shares UDP 3702 with anything else on the host, so it hears every fleet on it.
 */
export class HelloListener {
  private socket: Socket | undefined;
  private closed = false;

  constructor(private readonly onAnnouncement: (a: DiscoveryAnnouncement, from: string) => void) {}

  async start(): Promise<void> {
    const s = await bind(WSD_PORT, undefined);
    if (this.closed) return void s.close();
    s.addMembership(WSD_MULTICAST_ADDRESS, '127.0.0.1');
    s.on('message', (msg, rinfo) => {
      const a = readAnnouncement(msg);
      if (a !== undefined && a.message !== 'probe-match') this.onAnnouncement(a, rinfo.address);
    });
    this.socket = s;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    this.socket = undefined;
  }
}
