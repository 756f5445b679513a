import { randomUUID } from 'node:crypto';
import { type Socket, createSocket } from 'node:dgram';
import { WSD_MULTICAST_ADDRESS, WSD_PORT, probeXml } from '../../discovery/ws-discovery-codec.ts';

/**
 * The test tool's side of WS-Discovery on loopback: a prober on an ephemeral port, and a listener
 * that joins the multicast group to hear Hello and Bye. Both keep every datagram they receive.
 */
export class WsdClient {
  readonly received: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('message', (m) => this.received.push(m.toString('utf8')));
  }

  static async prober(): Promise<WsdClient> {
    const c = new WsdClient(createSocket({ type: 'udp4' }));
    await new Promise<void>((resolve) => c.socket.bind(0, '127.0.0.1', resolve));
    c.socket.setMulticastInterface('127.0.0.1');
    return c;
  }

  static async groupListener(): Promise<WsdClient> {
    const c = new WsdClient(createSocket({ type: 'udp4', reuseAddr: true }));
    await new Promise<void>((resolve) => c.socket.bind(WSD_PORT, resolve));
    c.socket.addMembership(WSD_MULTICAST_ADDRESS, '127.0.0.1');
    return c;
  }

  /** Sends a Probe to the group or one address; returns a reader of the answers relating to it. */
  probe(to: string, scopes: readonly string[] = [], types?: string, matchBy?: string): () => string[] {
    const id = `urn:uuid:${randomUUID()}`;
    return this.send(to, id, probeXml(id, types, scopes, matchBy));
  }

  /** Sends a message of the caller's making whose MessageID is `messageId`; returns a reader of the answers relating to it. */
  send(to: string, messageId: string, xml: string): () => string[] {
    this.socket.send(xml, WSD_PORT, to);
    return () => this.received.filter((m) => m.includes(`<wsa:RelatesTo>${messageId}</wsa:RelatesTo>`));
  }

  /** Messages of one WS-Discovery action (Hello, Bye, ProbeMatches). */
  ofAction(action: string): string[] {
    return this.received.filter((m) => m.includes(`/discovery/${action}</wsa:Action>`));
  }

  close(): void {
    this.socket.close();
  }
}
