import { EventEmitter } from 'node:events';
import type { CameraModel, StreamProfileSpec } from './camera-model.ts';
import type { CameraNetwork } from './camera-addressing.ts';
import type { CameraPowerState } from '../observations/observation.ts';
import type { ActiveFault, ConnectionVerdict, DeviceService, SoapAction } from '../faults/fault.ts';
import { FRAME_DROP, FRAME_SEND } from '../faults/fault.ts';
import type { RtspTransport } from '../observations/observation.ts';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { RtpDiscontinuity, StreamQuirks } from '../rtsp/stream-quirks.ts';
import { noStreamQuirks } from '../rtsp/stream-quirks.ts';
import { CameraQuirks, MODEL_OWNER } from '../quirks/camera-quirks.ts';
import type { DeviceRecordings } from '../recording/device-recordings.ts';

export type { CameraNetwork };

export interface PtzPosition {
  pan: number;
  tilt: number;
  zoom: number;
}

/** Where the RTSP server reads the head's position for the per-frame SEI stamp (set by the PTZ service). */
export interface PtzPositionSource {
  position(nowMs: number): PtzPosition;
}

export interface CameraUser {
  username: string;
  password: string;
  role: 'Administrator' | 'Operator' | 'User';
}

export interface CameraInit {
  id: string;
  name: string;
  site: string;
  model: CameraModel;
  network: CameraNetwork;
  users: CameraUser[];
  /** Location text for discovery scopes (defaults to the site). */
  location?: string;
  /** A site recorder (NVR) is a device like a camera (power, address, users, faults) without an encoder of its own. Default camera. */
  role?: DeviceRole;
}

export type DeviceRole = 'camera' | 'recorder';

export interface CameraEvents {
  /** Power state changed (servers close or reopen their listeners). */
  power: [state: CameraPowerState, cause: string];
  /** Network identity changed (servers re-listen on the new address). */
  readdress: [previous: CameraNetwork, next: CameraNetwork];
  /** Users or passwords changed (servers drop cached auth). */
  users: [];
  /** The set of active faults changed. */
  faults: [];
  /** A device event (motion, tamper) changed state; the ONVIF event service turns it into messages. */
  deviceEvent: [topic: string, state: boolean];
  /** A profile's encoder was reconfigured (ONVIF SetVideoEncoderConfiguration): its stream restarts. */
  stream: [profile: 'main' | 'sub'];
  /** A client asked for a synchronization point (ONVIF SetSynchronizationPoint): the profile's streams send a key frame next. */
  syncPoint: [profile: 'main' | 'sub'];
  /** A client switched the RTSP service off or on (ONVIF SetNetworkProtocols): the RTSP server closes or reopens the listener. */
  protocols: [];
  /** A client changed the discovery scopes (ONVIF Set/Add/RemoveScopes): discovery announces them with Hello. */
  scopes: [];
  /** The live streams' RTP time and sequence numbers jump (an encoder restart or clock step that keeps the sessions). */
  rtpDiscontinuity: [jump: RtpDiscontinuity];
}

/**
 * A camera is a state object, not a process: identity, network, users, power state and the
 * active faults. Servers (RTSP, ONVIF, snapshot, discovery) watch it and consult its faults.
 */
export class Camera extends EventEmitter<CameraEvents> {
  readonly id: string;
  /**
   * What the camera's WS-Discovery endpoint reference is made from: its id and the address and
   * ONVIF port it was first given. Two fleets running at once on one host cannot share an address
   * and port, so two cameras called `slough-002` announce different endpoints; a readdress keeps it.
   */
  readonly endpointKey: string;
  readonly name: string;
  readonly site: string;
  readonly model: CameraModel;
  readonly location: string;
  readonly role: DeviceRole;
  /** What the device records (a camera's edge storage, a site recorder's channels); the Profile G services and RTSP replay serve it. */
  recordings: DeviceRecordings | undefined;
  network: CameraNetwork;
  users: CameraUser[];
  power: CameraPowerState = 'up';
  /** Set by the PTZ service on cameras whose model has a head. */
  ptz: PtzPositionSource | undefined;
  /** ONVIF SetDiscoveryMode: a NonDiscoverable camera answers no Probe and sends no Hello. */
  discoveryMode: 'Discoverable' | 'NonDiscoverable' = 'Discoverable';
  /** ONVIF SetNetworkProtocols: false while a client has switched RTSP off (the port stays configured). */
  rtspEnabled = true;
  /**
   * How the camera's RTSP/RTP side misbehaves now, resolved from its running quirks' `stream`
   * hooks (CameraQuirks sets it whenever they change); the RTSP server reads it as fields.
   */
  streamQuirks: Readonly<StreamQuirks> = noStreamQuirks;
  /** The quirks running on this camera: its model's always, others while a scenario switches them on. */
  readonly quirks: CameraQuirks;
  private readonly active: ActiveFault[] = [];
  /** active.length, kept on the camera itself: frameVerdict reads it per frame per session. */
  private activeCount = 0;
  private bootTimer: TimerHandle | undefined;
  /** Encoder settings a client changed, replacing the model's for that profile. */
  private readonly reconfigured = new Map<'main' | 'sub', StreamProfileSpec>();

  constructor(init: CameraInit) {
    super();
    this.id = init.id;
    this.endpointKey = `${init.id}@${init.network.address}:${init.network.onvifPort}`;
    this.name = init.name;
    this.site = init.site;
    this.model = init.model;
    this.location = init.location ?? init.site;
    this.role = init.role ?? 'camera';
    this.network = { ...init.network };
    this.users = init.users.map((u) => ({ ...u }));
    this.quirks = new CameraQuirks(this);
    for (const [id, params] of Object.entries(this.model.quirks)) this.quirks.add(MODEL_OWNER, id, params);
  }

  get hasPtz(): boolean {
    return this.model.ptz !== undefined;
  }

  /** What the profile streams now: the model's settings, or those a client set since. */
  profile(name: 'main' | 'sub'): StreamProfileSpec | undefined {
    return this.reconfigured.get(name) ?? this.modelProfile(name);
  }

  /** The model's own settings of a profile: the limits a client's reconfiguration must keep within. */
  modelProfile(name: 'main' | 'sub'): StreamProfileSpec | undefined {
    return this.model.profiles.find((p) => p.name === name);
  }

  /** Reconfigures a profile's encoder; servers restart that profile's stream with it. */
  reconfigureStream(spec: StreamProfileSpec): void {
    const current = this.profile(spec.name);
    if (current === undefined) throw new Error(`camera ${this.id} has no ${spec.name} profile`);
    if (sameStreamProfile(current, spec)) return;
    const model = this.modelProfile(spec.name)!;
    if (sameStreamProfile(model, spec)) this.reconfigured.delete(spec.name);
    else this.reconfigured.set(spec.name, { ...spec });
    this.emit('stream', spec.name);
  }

  /** Back to the model's encoder settings (factory default). */
  resetStreams(): void {
    for (const name of [...this.reconfigured.keys()]) {
      this.reconfigured.delete(name);
      this.emit('stream', name);
    }
  }

  setPower(state: CameraPowerState, cause: string): void {
    if (this.power === state) return;
    this.power = state;
    this.emit('power', state, cause);
  }

  /**
   * Power-cycle as SystemReboot or a power outage's end does: down at once, booting, then up
   * after the model's boot time. A reboot during boot restarts the boot.
   */
  reboot(clock: Clock, cause: string): void {
    this.bootTimer?.cancel();
    this.setPower('down', cause);
    this.setPower('booting', cause);
    this.bootTimer = clock.setTimeout(() => {
      this.bootTimer = undefined;
      this.setPower('up', cause);
    }, this.model.bootTimeMs);
  }

  /** Power off with no automatic return (a power outage); boot() brings it back. */
  powerOff(cause: string): void {
    this.bootTimer?.cancel();
    this.bootTimer = undefined;
    this.setPower('down', cause);
  }

  /** Boot from down: booting now, up after the model's boot time. */
  boot(clock: Clock, cause: string): void {
    if (this.power === 'up') return;
    this.bootTimer?.cancel();
    this.setPower('booting', cause);
    this.bootTimer = clock.setTimeout(() => {
      this.bootTimer = undefined;
      this.setPower('up', cause);
    }, this.model.bootTimeMs);
  }

  setRtspEnabled(enabled: boolean): void {
    if (this.rtspEnabled === enabled) return;
    this.rtspEnabled = enabled;
    this.emit('protocols');
  }

  /** ONVIF SetSynchronizationPoint: the RTSP server makes the profile's live streams continue from a key frame. */
  requestSyncPoint(profile: 'main' | 'sub'): void {
    this.emit('syncPoint', profile);
  }

  /** Makes the live streams' RTP clock and sequence numbers jump, the sessions going on. */
  jumpRtp(jump: RtpDiscontinuity): void {
    this.emit('rtpDiscontinuity', jump);
  }

  raiseEvent(topic: string, state: boolean): void {
    this.emit('deviceEvent', topic, state);
  }

  /** Cancels a pending boot; the servers owning listeners close them on their own. */
  dispose(): void {
    this.quirks.closeAll();
    this.bootTimer?.cancel();
    this.bootTimer = undefined;
  }

  readdress(next: CameraNetwork): void {
    const previous = this.network;
    this.network = { ...next };
    this.emit('readdress', previous, this.network);
  }

  setUsers(users: CameraUser[]): void {
    this.users = users.map((u) => ({ ...u }));
    this.emit('users');
  }

  findUser(username: string): CameraUser | undefined {
    return this.users.find((u) => u.username === username);
  }

  // ---- fault chain: an empty chain is the identity ----

  addFault(fault: ActiveFault): void {
    this.active.push(fault);
    this.activeCount = this.active.length;
    this.emit('faults');
  }

  removeFault(id: string): boolean {
    const i = this.active.findIndex((f) => f.id === id);
    if (i < 0) return false;
    this.active.splice(i, 1);
    this.activeCount = this.active.length;
    this.emit('faults');
    return true;
  }

  get faults(): readonly ActiveFault[] {
    return this.active;
  }

  connectionVerdict(service: DeviceService, nowMs: number): ConnectionVerdict {
    if (this.power !== 'up') return 'reset';
    let verdict: ConnectionVerdict = 'accept';
    for (const f of this.active) {
      const v = f.onConnection?.(service, nowMs) ?? 'accept';
      if (v === 'hang') return 'hang';
      if (v === 'reset') verdict = 'reset';
    }
    return verdict;
  }

  /** FRAME_SEND, FRAME_DROP, or the largest delay in ms any fault asks for. */
  frameVerdict(sessionKey: string, frameBytes: number, transport: RtspTransport, nowMs: number): number {
    // The common case, per frame per session: no fault at all.
    if (this.activeCount === 0) return FRAME_SEND;
    let delayMs = FRAME_SEND;
    for (let i = 0; i < this.active.length; i++) {
      const hook = this.active[i]!.onFrame;
      if (hook === undefined) continue;
      const v = hook.call(this.active[i], sessionKey, frameBytes, transport, nowMs);
      if (v === FRAME_DROP) return FRAME_DROP;
      if (v > delayMs) delayMs = v;
    }
    return delayMs;
  }

  soapAction(service: string, operation: string, nowMs: number): SoapAction | undefined {
    for (const f of this.active) {
      const a = f.onSoapRequest?.(service, operation, nowMs);
      if (a !== undefined) return a;
    }
    return undefined;
  }

  /** Where the device clock stands from true time: its quirks' offsets (clock-skew) plus any clock-drift fault. */
  clockOffsetMs(nowMs: number): number {
    let offsetMs = this.quirks.clockOffsetMs(nowMs);
    for (const f of this.active) offsetMs += f.clockOffsetMs?.(nowMs) ?? 0;
    return offsetMs;
  }

  /** How long a digest nonce the camera issued stays fresh: `defaultMs`, or shorter under a stale-nonce fault. */
  nonceLifetimeMs(defaultMs: number): number {
    let lifetimeMs = defaultMs;
    for (const f of this.active) lifetimeMs = Math.min(lifetimeMs, f.nonceLifetimeMs?.() ?? lifetimeMs);
    return lifetimeMs;
  }

  discoverable(): boolean {
    if (this.power !== 'up' || this.discoveryMode === 'NonDiscoverable') return false;
    return this.active.every((f) => f.discoverable?.() ?? true);
  }
}

function sameStreamProfile(a: StreamProfileSpec, b: StreamProfileSpec): boolean {
  return (
    (Object.keys(a) as Array<keyof StreamProfileSpec>).every((k) => a[k] === b[k]) &&
    Object.keys(a).length === Object.keys(b).length
  );
}
