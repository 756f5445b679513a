import { randomUUID } from 'node:crypto';
import { type RemoteInfo, type Socket, createSocket } from 'node:dgram';
import type { Camera, CameraNetwork } from '../camera/camera.ts';
import { onvifUrl } from '../camera/uris.ts';
import { type Clock, type TimerHandle, systemClock } from '../clock/clock.ts';
import type { CameraPowerState } from '../observations/observation.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import type { DiscoveryReplyDraft } from '../quirks/quirk.ts';
import { deviceUuid } from '../onvif/device-uuid.ts';
import { allScopes } from '../onvif/services/scopes.ts';
import { ParseError } from '../../media/errors/parse-error.ts';
import { mixSeed, seededRandom } from '../faults/seeded-random.ts';
import { ReplyDelayScheduler, type ReplyDelayStats } from './reply-delay-scheduler.ts';
import {
  type AppSequence,
  type Probe,
  type ProbeMatch,
  WSD_MULTICAST_ADDRESS,
  WSA_NS,
  WSD_PORT,
  byeXml,
  helloXml,
  matchingRuleNotSupportedXml,
  parseProbe,
  probeMatches,
  probeMatchesXml,
} from './ws-discovery-codec.ts';

export interface DiscoveryServiceOptions {
  log: ObservationLog;
  cameras: () => Iterable<Camera>;
  /** Interface the multicast group is joined and sent on (default 127.0.0.1; see README.md). */
  interfaceAddress?: string;
  /** Join 239.255.255.250:3702 (default true); false answers only unicast probes. */
  multicast?: boolean;
  /** The camera's current scopes (default: its fixed and default configurable scopes). */
  scopes?: (camera: Camera) => readonly string[];
  /** UDP port (default 3702; tests of unicast-only probing may pass 0). */
  port?: number;
  clock?: Clock;
  /** The fleet's seed: the reply delays repeat run to run. Without one they are unseeded. */
  seed?: number;
  /** Longest wait before a ProbeMatch (default APP_MAX_DELAY, 500 ms). */
  maxReplyDelayMs?: number;
}

const MAX_REPLY_COPIES = 8;
const CAMERA_TYPES = 'dn:NetworkVideoTransmitter tds:Device';
const RECORDER_TYPES = 'dn:NetworkVideoStorage tds:Device';

interface Watched {
  onPower: (state: CameraPowerState) => void;
  onReaddress: (previous: CameraNetwork, next: CameraNetwork) => void;
  onScopes: () => void;
}

/**
 * Answers WS-Discovery probes for every discoverable camera: multicast on the fleet's interface
 * (one socket for all) and unicast on each camera's own address:3702, which is also where the
 * camera's replies, Hello and Bye come from, as they would from a real device.
 */
export class DiscoveryService {
  private readonly log: ObservationLog;
  private readonly cameras: () => Iterable<Camera>;
  private readonly interfaceAddress: string;
  private readonly multicast: boolean;
  private readonly scopesOf: (camera: Camera) => readonly string[];
  private readonly port: number;
  private readonly clock: Clock;
  private group: Socket | undefined;
  /** One socket per camera address: receives directed probes and sends that address's messages. */
  private readonly unicast = new Map<string, Promise<Socket | undefined>>();
  private fallback: Socket | undefined;
  private readonly watched = new Map<Camera, Watched>();
  private readonly replyDelays: ReplyDelayScheduler;
  /** Late and repeated reply copies a quirk asked for. */
  private readonly copyTimers = new Set<TimerHandle>();
  /** WS-Discovery MetadataVersion per camera: it goes up whenever the camera's scopes change. */
  private readonly metadataVersions = new Map<Camera, number>();
  private readonly instanceId = Math.floor(Date.now() / 1000);
  private messageNumber = 0;
  private closed = false;

  constructor(opts: DiscoveryServiceOptions) {
    this.log = opts.log;
    this.cameras = opts.cameras;
    this.interfaceAddress = opts.interfaceAddress ?? '127.0.0.1';
    this.multicast = opts.multicast ?? true;
    this.scopesOf = opts.scopes ?? ((c) => allScopes(c));
    this.port = opts.port ?? WSD_PORT;
    this.clock = opts.clock ?? systemClock;
    this.replyDelays = new ReplyDelayScheduler({
      random: opts.seed === undefined ? Math.random : seededRandom(mixSeed('ws-discovery', opts.seed)),
      ...(opts.maxReplyDelayMs === undefined ? {} : { maxDelayMs: opts.maxReplyDelayMs }),
    });
  }

  /** The reply delays drawn so far (how the fleet spread its ProbeMatches). */
  replyDelayStats(): ReplyDelayStats {
    return this.replyDelays.stats();
  }

  async start(): Promise<void> {
    if (this.closed) throw new Error('DiscoveryService is closed');
    this.fallback = await bindSocket(0, this.interfaceAddress);
    this.fallback.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo, undefined));
    if (this.multicast) {
      this.fallback.setMulticastInterface(this.interfaceAddress);
      const group = await bindSocket(this.port, undefined);
      group.addMembership(WSD_MULTICAST_ADDRESS, this.interfaceAddress);
      group.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo, undefined));
      this.group = group;
    }
    const addresses = new Set<string>();
    for (const c of this.cameras()) addresses.add(c.network.address);
    await Promise.all([...addresses].map((a) => this.socketFor(a)));
  }

  /**
   * Sends Hello when the camera comes up or moves to a new address, Bye when it goes down or leaves
   * one, and Hello with a higher MetadataVersion when its scopes change (ONVIF DISCOVERY-1-1-11).
   */
  watch(camera: Camera): void {
    if (this.watched.has(camera)) return;
    let wasUp = camera.power === 'up';
    const onPower = (state: CameraPowerState): void => {
      if (state === 'up' && !wasUp) void this.hello(camera);
      else if (state !== 'up' && wasUp) void this.bye(camera, camera.network.address);
      wasUp = state === 'up';
    };
    const onReaddress = (previous: CameraNetwork): void => {
      if (camera.power !== 'up') return;
      void this.bye(camera, previous.address).then(() => this.hello(camera));
    };
    const onScopes = (): void => {
      this.metadataVersions.set(camera, (this.metadataVersions.get(camera) ?? 1) + 1);
      if (camera.power === 'up') void this.hello(camera);
    };
    camera.on('power', onPower);
    camera.on('readdress', onReaddress);
    camera.on('scopes', onScopes);
    this.watched.set(camera, { onPower, onReaddress, onScopes });
    void this.socketFor(camera.network.address);
  }

  unwatch(camera: Camera): void {
    const w = this.watched.get(camera);
    if (w === undefined) return;
    camera.off('power', w.onPower);
    camera.off('readdress', w.onReaddress);
    camera.off('scopes', w.onScopes);
    this.watched.delete(camera);
    this.metadataVersions.delete(camera);
  }

  /** Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const camera of [...this.watched.keys()]) this.unwatch(camera);
    this.replyDelays.cancelAll();
    for (const t of this.copyTimers) t.cancel();
    this.copyTimers.clear();
    const sockets = [this.group, this.fallback, ...(await Promise.all(this.unicast.values()))];
    this.unicast.clear();
    this.group = undefined;
    this.fallback = undefined;
    await Promise.all(
      sockets.map((s) => (s === undefined ? undefined : new Promise<void>((resolve) => s.close(() => resolve())))),
    );
  }

  private socketFor(address: string): Promise<Socket | undefined> {
    let pending = this.unicast.get(address);
    if (pending === undefined) {
      pending = bindSocket(this.port, address).then(
        (s) => {
          if (this.closed) {
            s.close();
            return undefined;
          }
          if (this.multicast) s.setMulticastInterface(this.interfaceAddress);
          s.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo, address));
          return s;
        },
        // The address may not be local (port-per-camera mode): replies then go from the shared socket.
        () => undefined,
      );
      this.unicast.set(address, pending);
    }
    return pending;
  }

  private onDatagram(msg: Buffer, rinfo: RemoteInfo, toAddress: string | undefined): void {
    let probe: Probe | undefined;
    try {
      probe = parseProbe(msg);
    } catch (err) {
      if (err instanceof ParseError) return;
      throw err;
    }
    if (probe === undefined) return;
    const client = `${rinfo.address}:${rinfo.port}`;
    const p = probe;
    const observed = {
      kind: 'discovery.probe' as const,
      atMs: this.clock.now(),
      client,
      ...(toAddress === undefined ? {} : { address: toAddress }),
    };
    if (toAddress !== undefined && p.matchBy === 'unsupported') {
      this.log.record({ ...observed, answeredBy: [] });
      this.refuseRule(toAddress, p, rinfo);
      return;
    }
    const answeredBy: string[] = [];
    for (const c of this.cameras()) {
      if (
        (toAddress !== undefined && c.network.address !== toAddress) ||
        !c.discoverable() ||
        !probeMatches(p, this.scopesOf(c), c.role)
      )
        continue;
      // Each camera waits its own random time within APP_MAX_DELAY, multicast or directed, as
      // SOAP-over-UDP asks of devices: a prober that starts listening a moment late still hears it.
      if (this.reply(c, p, rinfo, toAddress !== undefined)) answeredBy.push(c.id);
    }
    this.log.record({ ...observed, answeredBy });
  }

  private match(camera: Camera): ProbeMatch {
    return {
      endpoint: deviceUuid(camera),
      types: camera.role === 'recorder' ? RECORDER_TYPES : CAMERA_TYPES,
      scopes: this.scopesOf(camera),
      xaddrs: onvifUrl(camera, 'device'),
      metadataVersion: this.metadataVersions.get(camera) ?? 1,
    };
  }

  private seq(): AppSequence {
    return { instanceId: this.instanceId, messageNumber: ++this.messageNumber };
  }

  /**
   * Builds the camera's answer as it stands when the Probe arrives (its quirks decide then), and
   * sends it after the camera's random wait. Returns whether it answers at all (a quirk may keep it silent).
   */
  private reply(camera: Camera, probe: Probe, rinfo: RemoteInfo, directed: boolean): boolean {
    const match = this.match(camera);
    const from = camera.network.address;
    if (!camera.quirks.bendsDiscovery) {
      const xml = probeMatchesXml(probe.messageId, `urn:uuid:${randomUUID()}`, this.seq(), match);
      this.replyDelays.schedule(() => void this.send(from, xml, rinfo.port, rinfo.address));
      return true;
    }
    const draft: DiscoveryReplyDraft = {
      message: 'probe-matches',
      directed,
      xaddrs: [match.xaddrs],
      metadataVersion: match.metadataVersion,
      addressingNs: WSA_NS,
      delaysMs: [0],
    };
    camera.quirks.discoveryReply(draft);
    const copies = draft.delaysMs.slice(0, MAX_REPLY_COPIES);
    if (copies.length === 0) return false;
    // Copies are the same datagram, as a SOAP-over-UDP retransmission repeats it.
    const xml = probeMatchesXml(
      probe.messageId,
      `urn:uuid:${randomUUID()}`,
      this.seq(),
      { ...match, xaddrs: draft.xaddrs.join(' '), metadataVersion: draft.metadataVersion },
      { addressingNs: draft.addressingNs },
    );
    this.replyDelays.schedule(() => {
      for (const delayMs of copies) {
        if (delayMs <= 0) {
          void this.send(from, xml, rinfo.port, rinfo.address);
          continue;
        }
        // On the run's clock, so a compressed or virtual-time run sees the late copy when it should.
        const t = this.clock.setTimeout(() => {
          this.copyTimers.delete(t);
          void this.send(from, xml, rinfo.port, rinfo.address);
        }, delayMs);
        this.copyTimers.add(t);
      }
    });
    return true;
  }

  /**
   * A directed Probe with a MatchBy rule we lack gets the MatchingRuleNotSupported fault from the
   * address it was sent to, if a discoverable camera is there. A multicast one gets silence, so a
   * fleet does not answer one bad probe with a storm of faults.
   */
  private refuseRule(address: string, probe: Probe, rinfo: RemoteInfo): void {
    for (const c of this.cameras()) {
      if (c.network.address === address && c.discoverable()) {
        void this.send(
          address,
          matchingRuleNotSupportedXml(probe.messageId, `urn:uuid:${randomUUID()}`),
          rinfo.port,
          rinfo.address,
        );
        return;
      }
    }
  }

  private async hello(camera: Camera): Promise<void> {
    if (this.closed || !camera.discoverable()) return;
    let match = this.match(camera);
    let style = { addressingNs: WSA_NS };
    if (camera.quirks.bendsDiscovery) {
      const draft: DiscoveryReplyDraft = {
        message: 'hello',
        directed: false,
        xaddrs: [match.xaddrs],
        metadataVersion: match.metadataVersion,
        addressingNs: WSA_NS,
        delaysMs: [0],
      };
      camera.quirks.discoveryReply(draft);
      match = { ...match, xaddrs: draft.xaddrs.join(' '), metadataVersion: draft.metadataVersion };
      style = { addressingNs: draft.addressingNs };
    }
    const xml = helloXml(`urn:uuid:${randomUUID()}`, this.seq(), match, style);
    this.log.record({
      kind: 'discovery.hello',
      atMs: this.clock.now(),
      camera: camera.id,
      address: camera.network.address,
    });
    if (this.multicast) await this.send(camera.network.address, xml, WSD_PORT, WSD_MULTICAST_ADDRESS);
  }

  private async bye(camera: Camera, address: string): Promise<void> {
    // A NonDiscoverable camera stays silent; discoverable() cannot tell, as power is already down here.
    if (this.closed || camera.discoveryMode === 'NonDiscoverable') return;
    const xml = byeXml(`urn:uuid:${randomUUID()}`, this.seq(), deviceUuid(camera));
    this.log.record({ kind: 'discovery.bye', atMs: this.clock.now(), camera: camera.id, address });
    if (this.multicast) await this.send(address, xml, WSD_PORT, WSD_MULTICAST_ADDRESS);
  }

  private async send(fromAddress: string, xml: string, port: number, address: string): Promise<void> {
    const socket = (await this.socketFor(fromAddress)) ?? this.fallback;
    if (socket === undefined || this.closed) return;
    await new Promise<void>((resolve) => socket.send(xml, port, address, () => resolve()));
  }
}

function bindSocket(port: number, address: string | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: true });
    s.once('error', (err) => {
      s.close();
      reject(err);
    });
    s.bind(port, address, () => {
      s.removeAllListeners('error');
      // A stray ICMP error must not crash the fleet; the datagram is lost, as on a network.
      s.on('error', (err) => console.error(`discovery: socket ${address ?? '0.0.0.0'}:${port}: ${err.message}`));
      resolve(s);
    });
  });
}
