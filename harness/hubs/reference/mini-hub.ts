import type { SeiStamp } from '../../../media/sei/sei-stamp.ts';
import type { ReadFrame } from './annexb-frame-reader.ts';
import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { CameraPuller, type HealthCheck, type Knock, type PullProcess, type PullSpawner } from './camera-puller.ts';
import type { Cam } from 'onvif';
import { connectCam, digestStreamUri, streamUriOf } from './digest-stream-uri.ts';
import { ffmpegPull } from './ffmpeg-pull.ts';
import { passwordTextStreamUri } from './password-text-stream-uri.ts';
import type { PullPolicy } from './pull-policy.ts';
import type { PtzCommand } from '../hub-adapter.ts';
import { MotionWatcher } from './onvif-motion.ts';
import { OnvifPtz } from './onvif-ptz.ts';
import { PullPointClient } from './pull-point-client.ts';
import { describeWithBasic, RtspHealthCheck } from './rtsp-health-check.ts';
import { tcpKnock } from './tcp-knock.ts';
import {
  directedProbe,
  HelloListener,
  multicastProbe,
  type DiscoveryAnnouncement,
  type LocatedDevice,
} from './ws-discovery-client.ts';

export interface MiniHubOptions {
  policy: PullPolicy;
  clock: Clock;
  onAlarm(camera: string, state: 'raised' | 'cleared'): void;
  /** A picture the hub read from `source`, as its restream of `camera` carries it (after the policy's egress). */
  onEgress?(camera: string, stamp: SeiStamp | undefined): void;
  /** A picture the hub read from `camera`'s stream. */
  onFrame?(camera: string, frame: ReadFrame): void;
  /** The stream time (ms) of a packet the hub read from `camera`'s stream, from its RTP timestamps. */
  onMediaTime?(camera: string, ms: number): void;
  /** The camera's motion alarm, from its ONVIF events (a policy with motion on). */
  onMotion?(camera: string, state: 'raised' | 'cleared'): void;
  /** How pulls run; a real ffmpeg unless a test passes a fake. */
  spawn?: PullSpawner;
  knock?: Knock;
  /** How the hub checks a camera still lets it in; an RTSP DESCRIBE unless a test passes a fake. */
  healthCheck?(url: string): HealthCheck & { close?(): void };
  /** How the stream URI is found; ONVIF (as the policy says) unless a test passes a fake. */
  resolveUri?(camera: InventoryCamera): Promise<string>;
  /** How PTZ reaches a camera; ONVIF unless a test passes a fake. */
  sendPtz?(camera: InventoryCamera, command: PtzCommand): Promise<void>;

  onvifTimeoutMs?: number;
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

interface Watched {
  puller: CameraPuller;
  /** A double-pull hub's second pull of the same stream (its "detect" pull): frames go nowhere, no alarms. */
  extra: CameraPuller | undefined;
  closeCheck(): void;
  /** Its ONVIF event pull point, where the hub keeps one. */
  events: PullPointClient | undefined;
  /** Its motion alarm's event subscription, for a policy with motion on. */
  motion: MotionWatcher | undefined;
  /** Pulls the camera from `url` from now on, health check included. */
  retarget(url: string): void;
}

/** How long a directed Probe waits for its ProbeMatch (a camera answers within 500 ms). */
const probeTimeoutMs = 3_000;
/** How long a site's multicast Probe listens for ProbeMatches (each camera waits up to 500 ms). */
const siteProbeWindowMs = 1_500;
/**
 * A move is a Bye from the address a camera is held at, then its Hello from the new one, within
 * this long. Every fleet on the host shares the multicast group and a simulated camera's endpoint
 * reference is its id, so a Hello alone may be another fleet's camera of the same id.
 */
const moveWindowMs = 2_000;
/** A camera that announced a new address may take a moment to serve ONVIF there. */
const followAttempts = 3;
const followRetryMs = 2_000;

/**
 * A small monitoring hub: asks each camera for its stream URI over ONVIF, keeps one ffmpeg
 * pulling it, restreams and records the pictures it reads, raises an offline alarm when they
 * stop, and releases cameras when told. The policy decides how well it does each of those, so
 * the faulty variants break one thing each.
 */
export class MiniHub {
  private readonly watched = new Map<string, Watched>();
  /** Cameras in provisioning order: the swap-pairs restream swaps 1 with 2, 3 with 4, ... */
  private readonly order: string[] = [];
  private readonly inventory = new Map<string, InventoryCamera>();
  private onvifPtz: OnvifPtz | undefined;
  /** WS-Discovery endpoint references of the cameras held, for a hub that follows moves. */
  private readonly endpoints = new Map<string, string>();
  private hellos: HelloListener | undefined;
  /** Each site's commissioning Probe (multicast, scoped to the site's location), made once: what it heard so far, who waits, and its end. */
  private readonly siteProbes = new Map<
    string,
    { heard: LocatedDevice[]; waiting: Set<(m: LocatedDevice) => void>; done: Promise<unknown> }
  >();
  /** When each held camera last said Bye from the address it is held at. */
  private readonly byes = new Map<string, number>();
  /** The ONVIF client each camera was first reached with, kept by a hub that learns a camera's clock once. */
  private readonly cams = new Map<string, { url: string; cam: Cam }>();
  private readonly live = new Set<PullProcess>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Cameras a hub slow to start has taken but not pulled yet. */
  private readonly delays = new Map<string, TimerHandle>();
  private readonly spawn: PullSpawner;
  private drained: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: MiniHubOptions) {
    const tracks = opts.policy.live === 'any-media' ? 'any' : 'video';
    const inner: PullSpawner = opts.spawn ?? ((url, events) => ffmpegPull(url, events, tracks));
    // Every pull is tracked so close() can wait for the last ffmpeg to exit.
    this.spawn = (url, events) => {
      if (opts.policy.rtspAuth === 'basic-first') this.track(describeWithBasic(url));
      const proc = inner(url, {
        frame: events.frame,
        ...(events.mediaTime !== undefined ? { mediaTime: events.mediaTime } : {}),
        ...(events.picture !== undefined ? { picture: events.picture } : {}),
        ...(events.packet !== undefined ? { packet: events.packet } : {}),
        exit: () => {
          this.live.delete(proc);
          if (this.live.size === 0) this.drained?.();
          events.exit();
        },
      });
      this.live.add(proc);
      return proc;
    };
  }

  get cameras(): string[] {
    return [...this.watched.keys()];
  }

  puller(camera: string): CameraPuller | undefined {
    return this.watched.get(camera)?.puller;
  }

  async add(camera: InventoryCamera): Promise<void> {
    if (this.closing !== undefined || this.watched.has(camera.id) || this.delays.has(camera.id)) return;
    this.inventory.set(camera.id, camera);
    // A hub that uses WS-Discovery commissions a site by locating its cameras first, then asks each one.
    if (this.opts.policy.followMoves && this.opts.resolveUri === undefined) await this.locate(camera);
    const uri = await (this.opts.resolveUri ?? ((c) => this.resolveUri(c)))(camera);
    if (this.closing !== undefined || this.watched.has(camera.id) || this.delays.has(camera.id)) return;
    const { firstPullDelayMs } = this.opts.policy;
    if (firstPullDelayMs === 0) return this.watch(camera, uri);
    // A slow hub takes the camera (and its stream URI) at once and gets round to pulling it later.
    const timer = this.opts.clock.setTimeout(() => {
      this.delays.delete(camera.id);
      this.watch(camera, uri);
    }, firstPullDelayMs);
    this.delays.set(camera.id, timer);
  }

  private watch(camera: InventoryCamera, uri: string): void {
    if (this.closing !== undefined || this.watched.has(camera.id)) return;
    const url = withCredentials(uri, camera.username, camera.password);
    this.order.push(camera.id);
    const makeCheck = (u: string) => this.opts.healthCheck?.(u) ?? this.rtspHealthCheck(u);
    let check = makeCheck(url);
    const puller = new CameraPuller(url, this.spawn, this.opts.clock, this.opts.policy, {
      onAlarm: (state) => this.opts.onAlarm(camera.id, state),
      onFrame: (frame) => {
        this.opts.onFrame?.(camera.id, frame);
        this.restream(camera.id, frame.stamp);
      },
      onMediaTime: (ms) => this.opts.onMediaTime?.(camera.id, ms),
      knock: this.opts.knock ?? tcpKnock,
      subUrl: withCredentials(camera.rtsp.sub, camera.username, camera.password),
      healthCheck: () => this.track(check()),
    });
    const extra =
      this.opts.policy.pullsPerStream === 2
        ? new CameraPuller(url, this.spawn, this.opts.clock, this.opts.policy, {
            onAlarm: () => undefined,
            knock: this.opts.knock ?? tcpKnock,
          })
        : undefined;
    let current = url;
    const retarget = (next: string) => {
      if (next === current) return;
      current = next;
      check.close?.();
      check = makeCheck(next);
      puller.retarget(next);
      extra?.retarget(next);
    };
    // A test that fakes the URI lookup has no camera to probe or subscribe to.
    const real = this.opts.resolveUri === undefined;
    const events =
      real && this.opts.policy.events !== 'none'
        ? new PullPointClient({
            mode: this.opts.policy.events,
            clock: this.opts.clock,
            deviceUrl: () => this.inventory.get(camera.id)?.onvif ?? camera.onvif,
            user: camera.username,
            password: camera.password,
            deviceClock: this.opts.policy.onvifClock === 'learnt-once' ? 'learnt-once' : 'read-each-subscription',
          })
        : undefined;
    const { motion, motionQuietMs } = this.opts.policy;
    const motionWatcher =
      motion === 'off' || !real
        ? undefined
        : new MotionWatcher(
            camera.onvif,
            camera.username,
            camera.password,
            this.opts.clock,
            motion === 'until-false' ? Number.POSITIVE_INFINITY : motionQuietMs,
            (state) => this.opts.onMotion?.(camera.id, state),
          );
    this.watched.set(camera.id, {
      puller,
      extra,
      closeCheck: () => check.close?.(),
      events,
      motion: motionWatcher,
      retarget,
    });
    events?.start();
    // Not tracked: its client waits up to 75 s on a camera that is down, and close() must not; a watcher closed meanwhile never listens.
    if (motionWatcher !== undefined) void motionWatcher.start().catch(() => undefined);
    if (this.opts.policy.followMoves && real) this.track(this.learnEndpoint(camera));
  }

  /**
   * The multicast Probe for the camera's site (one per site, shared by its cameras), scoped to the
   * location the site's cameras announce: every fleet on the host hears it, only this site answers.
   */
  private siteProbe(camera: InventoryCamera): {
    heard: LocatedDevice[];
    waiting: Set<(m: LocatedDevice) => void>;
    done: Promise<unknown>;
  } {
    const location = (camera.location ?? camera.site).replace(/\s+/g, '_');
    let probe = this.siteProbes.get(location);
    if (probe === undefined) {
      const heard: LocatedDevice[] = [];
      const waiting = new Set<(m: LocatedDevice) => void>();
      const scope = `onvif://www.onvif.org/location/${encodeURIComponent(location)}`;
      const done = this.track(
        multicastProbe([scope], siteProbeWindowMs, (m) => {
          heard.push(m);
          for (const w of waiting) w(m);
        }).catch(() => []),
      );
      probe = { heard, waiting, done };
      this.siteProbes.set(location, probe);
    }
    return probe;
  }

  /** The camera's ProbeMatch from its site's Probe, as soon as it comes; undefined if none came in the window. */
  private locate(camera: InventoryCamera): Promise<DiscoveryAnnouncement | undefined> {
    const probe = this.siteProbe(camera);
    const heard = probe.heard.find((m) => m.from === camera.address);
    if (heard !== undefined) return Promise.resolve(heard.match);
    return new Promise((resolve) => {
      const settle = (match: DiscoveryAnnouncement | undefined): void => {
        probe.waiting.delete(waiter);
        resolve(match);
      };
      const waiter = (m: LocatedDevice): void => {
        if (m.from === camera.address) settle(m.match);
      };
      probe.waiting.add(waiter);
      void probe.done.then(() => settle(undefined));
    });
  }

  /**
   * Learns who the camera is (its endpoint reference) from its site's ProbeMatches, or asks its
   * address (a directed Probe) when it did not answer there, and listens for it to announce a move.
   */
  private async learnEndpoint(camera: InventoryCamera): Promise<void> {
    if (this.hellos === undefined) {
      const listener = new HelloListener((a, from) => this.announced(a, from));
      this.hellos = listener;
      await listener.start().catch(() => undefined);
    }
    const located = await this.locate(camera);
    const match = located ?? (await directedProbe(camera.address, probeTimeoutMs).catch(() => undefined));
    if (match !== undefined && this.closing === undefined) this.endpoints.set(match.endpoint, camera.id);
  }

  /**
   * A Hello or Bye of a camera held. A Hello from the address it is held at (back from a reboot or
   * a power cut) or from a new one right after its Bye from the old (a move) is followed up.
   */
  private announced(a: DiscoveryAnnouncement, from: string): void {
    const id = this.endpoints.get(a.endpoint);
    const known = id === undefined ? undefined : this.inventory.get(id);
    if (known === undefined || this.closing !== undefined) return;
    if (a.message === 'bye') {
      if (from === known.address) this.byes.set(known.id, this.opts.clock.now());
      return;
    }
    const moved =
      from !== known.address &&
      this.opts.clock.now() - (this.byes.get(known.id) ?? Number.NEGATIVE_INFINITY) <= moveWindowMs;
    if (from === known.address || moved) void this.track(this.follow(known, a, from));
  }

  /** Asks the camera over ONVIF, where its Hello says, for its stream URI, and pulls that if it changed. */
  private async follow(known: InventoryCamera, hello: DiscoveryAnnouncement, from: string): Promise<void> {
    const xaddr = hello.xaddrs.find((x) => URL.canParse(x) && new URL(x).hostname === from);
    if (xaddr === undefined) return;
    const moved: InventoryCamera = { ...known, address: from, onvif: xaddr };
    this.inventory.set(known.id, moved);
    for (let attempt = 1; attempt <= followAttempts; attempt++) {
      try {
        const kept = this.cams.get(known.id);
        // A hub that learnt the camera's clock once asks with that offset still: after a clock reset its tokens are refused.
        const uri =
          kept !== undefined && kept.url === xaddr
            ? await streamUriOf(kept.cam, xaddr, this.opts.policy.profile)
            : await digestStreamUri(
                xaddr,
                moved.username,
                moved.password,
                this.opts.onvifTimeoutMs ?? 10_000,
                this.opts.policy.profile,
              );
        // Only if no later Hello moved it on meanwhile.
        if (this.closing === undefined && this.inventory.get(known.id) === moved)
          this.watched.get(known.id)?.retarget(withCredentials(uri, moved.username, moved.password));
        return;
      } catch {
        if (attempt < followAttempts)
          await new Promise<void>((resolve) => this.opts.clock.setTimeout(resolve, followRetryMs));
      }
    }
  }

  /**
   * An operator's PTZ command for `camera`, sent as the policy has it. Resolves with the camera
   * it went to, or undefined when the hub dropped it.
   */
  async ptz(camera: InventoryCamera, command: PtzCommand): Promise<string | undefined> {
    const { ptz } = this.opts.policy;
    if (ptz === 'skips-stop' && command.kind === 'stop') return undefined;
    let target = camera;
    if (ptz === 'next-camera') {
      const held = this.order.filter((id) => this.inventory.get(id)?.ptz === true);
      const next = held[(held.indexOf(camera.id) + 1) % held.length];
      target = (next !== undefined ? this.inventory.get(next) : undefined) ?? camera;
    }
    const send =
      this.opts.sendPtz ??
      ((c: InventoryCamera, cmd: PtzCommand) =>
        (this.onvifPtz ??= new OnvifPtz(this.opts.onvifTimeoutMs ?? 10_000)).send(c, cmd));
    await this.track(send(target, command));
    return target.id;
  }

  /** Lets go of a camera, unless the policy is never to. Returns whether it did. */
  release(cameraId: string): boolean {
    if (!this.opts.policy.honourRelease) return false;
    this.delays.get(cameraId)?.cancel();
    this.delays.delete(cameraId);
    const w = this.watched.get(cameraId);
    w?.puller.stop();
    w?.extra?.stop();
    w?.closeCheck();
    // Unsubscribes as it lets go: a camera has few subscription slots.
    if (w?.events !== undefined) this.track(w.events.stop());
    w?.motion?.close();
    return this.watched.delete(cameraId);
  }

  /** Stops every pull and waits (up to `deadlineMs`) for the processes to exit. Idempotent. */
  close(deadlineMs = 5_000): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.delays.values()) timer.cancel();
      this.delays.clear();
      this.hellos?.close();
      for (const w of this.watched.values()) {
        w.puller.stop();
        w.extra?.stop();
        w.closeCheck();
        if (w.events !== undefined) this.track(w.events.stop());
        w.motion?.close();
      }
      this.watched.clear();
      await Promise.allSettled([...this.pending]);
      if (this.live.size === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadlineMs);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    })();
    return this.closing;
  }

  /** What the hub's restream of `source` carries, as the policy has it. */
  private restream(source: string, stamp: SeiStamp | undefined): void {
    const onEgress = this.opts.onEgress;
    if (onEgress === undefined) return;
    const delayMs = this.opts.policy.egressDelayMs;
    const emit =
      delayMs > 0
        ? (camera: string, s: SeiStamp | undefined) =>
            this.opts.clock.setTimeout(() => this.closing === undefined && onEgress(camera, s), delayMs)
        : onEgress;
    const index = this.order.indexOf(source);
    switch (this.opts.policy.egress) {
      case 'copy':
        return emit(source, stamp);
      case 'strip-sei':
        return emit(source, undefined);
      case 'rewrite-sei':
        return emit(source, stamp === undefined ? undefined : { ...stamp, cameraId: `channel-${index + 1}` });
      case 'swap-pairs': {
        const partner = this.order[index % 2 === 0 ? index + 1 : index - 1];
        return emit(partner ?? source, stamp);
      }
    }
  }

  private rtspHealthCheck(url: string): HealthCheck & { close(): void } {
    const check = new RtspHealthCheck(url, this.opts.policy.staleNonce);
    return Object.assign(() => check.run(), { close: () => check.close() });
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const done = () => void this.pending.delete(p);
    p.then(done, done);
    return p;
  }

  private async resolveUri(camera: InventoryCamera): Promise<string> {
    const timeoutMs = this.opts.onvifTimeoutMs ?? 10_000;
    const { onvifAuth, profile } = this.opts.policy;
    const fallback = camera.rtsp[profile];
    try {
      if (onvifAuth === 'password-text')
        return (
          (await passwordTextStreamUri(camera.onvif, camera.username, camera.password, timeoutMs, profile)) ?? fallback
        );
      if (this.opts.policy.onvifClock === 'read-each-login')
        return await digestStreamUri(camera.onvif, camera.username, camera.password, timeoutMs, profile);
      const cam = await connectCam(camera.onvif, camera.username, camera.password, timeoutMs);
      this.cams.set(camera.id, { url: camera.onvif, cam });
      return await streamUriOf(cam, camera.onvif, profile);
    } catch {
      // A hub with an inventory falls back to the URL it was given.
      return fallback;
    }
  }
}
