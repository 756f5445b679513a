import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { XMLParser } from 'fast-xml-parser';
import { probeXml, WSD_MULTICAST_ADDRESS, WSD_PORT } from '../../../simulators/discovery/ws-discovery-codec.ts';

/** What the mini hub reads of a WS-Discovery Hello or ProbeMatch: who (endpoint reference) and where (XAddrs). */
export interface DiscoveryAnnouncement {
  message: 'hello' | 'bye' | 'probe-match';
  endpoint: string;
  xaddrs: string[];
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

function announcement(message: DiscoveryAnnouncement['message'], body: unknown): DiscoveryAnnouncement | undefined {
  const b = body as { EndpointReference?: { Address?: unknown }; XAddrs?: unknown } | undefined;
  const endpoint = b?.EndpointReference?.Address;
  if (typeof endpoint !== 'string') return undefined;
  // A Bye names only who leaves; the others must say where the device is.
  if (message === 'bye') return { message, endpoint: endpoint.trim(), xaddrs: [] };
  if (typeof b?.XAddrs !== 'string') return undefined;
  return { message, endpoint: endpoint.trim(), xaddrs: b.XAddrs.split(/\s+/).filter((x) => x.length > 0) };
}

/** A Hello, a Bye or the first ProbeMatch of a datagram, read by local names; anything else (Probe, garbage) is undefined. */
export function readAnnouncement(datagram: Buffer): DiscoveryAnnouncement | undefined {
  let doc: { Envelope?: { Body?: { Hello?: unknown; Bye?: unknown; ProbeMatches?: { ProbeMatch?: unknown } } } };
  try {
    doc = parser.parse(datagram.toString('utf8')) as typeof doc;
  } catch {
    return undefined;
  }
  const body = doc.Envelope?.Body;
  if (body?.Hello !== undefined) return announcement('hello', body.Hello);
  if (body?.Bye !== undefined) return announcement('bye', body.Bye);
  const match = body?.ProbeMatches?.ProbeMatch;
  return announcement('probe-match', Array.isArray(match) ? match[0] : match);
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
