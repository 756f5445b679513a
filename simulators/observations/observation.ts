/**
 * An observation is a timestamped fact recorded during a run. The simulators record what the
 * camera side sees; hub adapters add what only the hub can tell. Requirement checks read
 * observations and nothing else.
 *
 * Every member has `kind` and `atMs` (epoch milliseconds, from the run's Clock). `camera` is the
 * camera id where the fact concerns one camera. Add members here; never repurpose one.
 */
export type AuthMethod = 'digest' | 'http-digest' | 'basic' | 'text' | 'none';
export type StreamProfileName = 'main' | 'sub';
export type RtspTransport = 'tcp' | 'udp';

export interface ObservationBase {
  atMs: number;
}

/** One RTSP request and the status the camera answered. */
export interface RtspRequestObservation extends ObservationBase {
  kind: 'rtsp.request';
  camera: string;
  client: string; // "ip:port" of the peer
  method: string;
  url: string;
  status: number;
  user?: string;
  auth: AuthMethod;
  session?: string;
  /** The stream the request named, where its URL resolved to one (DESCRIBE, SETUP, PLAY). */
  profile?: StreamProfileName;
}

export interface RtspSessionOpenObservation extends ObservationBase {
  kind: 'rtsp.session.open';
  camera: string;
  client: string;
  session: string;
  profile: StreamProfileName;
  transport: RtspTransport;
  user?: string;
  /** The session timeout the camera advertised (`Session: id;timeout=60`); absent in logs before 2026.12. */
  timeoutMs?: number;
}

export interface RtspSessionPlayObservation extends ObservationBase {
  kind: 'rtsp.session.play';
  camera: string;
  client: string;
  session: string;
  profile: StreamProfileName;
}

/**
 * 'readdress': the camera moved address or port, or a client switched its RTSP service off;
 * 'credentials-changed': its user was removed or the password changed; 'encoder-changed': a
 * client reconfigured the profile's encoder, restarting its stream.
 */
export type RtspSessionCloseReason = 'teardown' | 'timeout' | 'client-closed' | 'camera-down' | 'fault' | 'error' | 'readdress' | 'credentials-changed' | 'encoder-changed';

export interface RtspSessionCloseObservation extends ObservationBase {
  kind: 'rtsp.session.close';
  camera: string;
  client: string;
  session: string;
  profile: StreamProfileName;
  reason: RtspSessionCloseReason;
  framesSent: number;
  bytesSent: number;
  framesDropped: number;
  /** As in rtsp.session.stats. */
  framesDroppedQueueFull?: number;
  /** As in rtsp.session.stats. */
  framesSkipped?: number;
}

/**
 * Per-session counters, recorded about once a second while a session plays (not per packet).
 * All are cumulative since the session opened. `framesSent` is what the reader took: a reader
 * that stops draining its socket fills the session's queue, and from then on the camera drops
 * instead of sending (`framesDroppedQueueFull` grows, `framesSent` stands still). So frames
 * taken per second come from these counters, never from a session merely being open.
 */
export interface RtspSessionStatsObservation extends ObservationBase {
  kind: 'rtsp.session.stats';
  camera: string;
  session: string;
  profile: StreamProfileName;
  framesSent: number;
  bytesSent: number;
  /** Frames not sent for any reason: faults, a full queue, waiting for a key frame after one, skipped slots. */
  framesDropped: number;
  /** Of framesDropped: frames dropped because the send queue was full (the reader is not reading). Absent in logs before 2026.12. */
  framesDroppedQueueFull?: number;
  /** Of framesDropped: frame slots the simulator's own clock skipped (it ran late; the simulator's fault, not the hub's). Absent in logs before 2026.12. */
  framesSkipped?: number;
}

/** A TCP connection accepted by a camera's RTSP or ONVIF listener (for reconnect-storm checks). */
export interface ConnectionObservation extends ObservationBase {
  kind: 'connection';
  camera: string;
  client: string;
  service: 'rtsp' | 'onvif' | 'snapshot';
  /**
   * The camera was off (or still booting): the attempt was seen on its address, as a site's
   * switch sees it, and reset at once. The camera itself answered nothing.
   */
  poweredOff?: true;
}

export interface OnvifRequestObservation extends ObservationBase {
  kind: 'onvif.request';
  camera: string;
  client: string;
  service: string; // device, media, media2, ptz, events, imaging
  operation: string;
  auth: AuthMethod;
  user?: string;
  httpStatus: number;
  /** The fault subcode (e.g. 'ter:NotAuthorized') when the camera answered with a SOAP fault. */
  fault?: string;
}

/** One Notify a camera pushed (or tried to) to a WS-BaseNotification consumer. */
export interface OnvifNotifyObservation extends ObservationBase {
  kind: 'onvif.notify';
  camera: string;
  /** The subscription id (the last segment of its subscription-manager address). */
  subscription: string;
  /** The consumer's address, from Subscribe's ConsumerReference. */
  consumer: string;
  messages: number;
  /** 'delivered' when the consumer answered 2xx; else refused, reset, timed out, non-2xx or ended. */
  outcome: 'delivered' | 'failed';
  httpStatus?: number;
  error?: string;
  /** Messages this subscription dropped so far because its queue was full (a consumer slower than events). */
  droppedTotal: number;
}

export type DiscoveryKind = 'discovery.probe' | 'discovery.hello' | 'discovery.bye';

interface DiscoveryFields extends ObservationBase {
  camera?: string;
  client?: string;
  address?: string;
}

/** One member per kind (not one member with a union kind), so ObservationOf<'discovery.bye'> resolves. */
export type DiscoveryObservation = { [K in DiscoveryKind]: DiscoveryFields & { kind: K } }[DiscoveryKind];

export type CameraPowerState = 'up' | 'down' | 'booting';

export interface CameraStateObservation extends ObservationBase {
  kind: 'camera.state';
  camera: string;
  state: CameraPowerState;
  cause?: string;
}

export interface PtzObservation extends ObservationBase {
  kind: 'ptz.command';
  camera: string;
  client: string;
  profile: string;
  command: 'ContinuousMove' | 'RelativeMove' | 'AbsoluteMove' | 'Stop' | 'GotoPreset' | 'GotoHomePosition' | 'SetPreset' | 'RemovePreset';
  preset?: string;
  position?: { pan: number; tilt: number; zoom: number };
}

export interface DeviceEventObservation extends ObservationBase {
  kind: 'device.event';
  camera: string;
  topic: string; // e.g. 'tns1:VideoSource/MotionAlarm'
  state: boolean;
}

interface FaultFields extends ObservationBase {
  faultId: string;
  fault: string; // the fault kind, e.g. 'outage'
  cameras: string[];
  params: Record<string, unknown>;
}

export type FaultObservation = { [K in 'fault.applied' | 'fault.cleared']: FaultFields & { kind: K } }['fault.applied' | 'fault.cleared'];

/** A labelled instant on the run's timeline (scenario `mark` action, phase boundaries). */
export interface MarkObservation extends ObservationBase {
  kind: 'mark';
  label: string;
}

/** One step of `camlab probe` against a device: what was asked and what came back. */
export interface ProbeResultObservation extends ObservationBase {
  kind: 'probe.result';
  /** The probed device (its ONVIF device service URL, or a camera id for the simulator's self-test). */
  camera: string;
  /** The probe step, e.g. 'GetDeviceInformation', 'rtsp.play', 'auth.reject-anonymous'. */
  step: string;
  outcome: 'ok' | 'failed' | 'unsupported';
  detail: string;
  /** A measured number where the step has one (e.g. frames read, response time in ms). */
  value?: number;
}

// ---- Hub side: recorded by hub adapters ----

export interface HubProvisionedObservation extends ObservationBase {
  kind: 'hub.provisioned';
  hub: string;
  camera: string;
  profile: StreamProfileName;
}

export interface HubReleasedObservation extends ObservationBase {
  kind: 'hub.released';
  hub: string;
  camera: string;
}

/**
 * What an alarm means, from a closed set. Adapters map each of their hub's alarms to a kind
 * explicitly (an NMS relay ending is 'offline', a webhook's `camera.videoloss` is 'video-loss'
 * because the adapter file says so); checks never guess a kind from the alarm's name.
 * 'offline' and 'video-loss' both say "the control room has lost this camera's picture".
 */
export type AlarmKind = 'offline' | 'video-loss' | 'tamper' | 'motion' | 'other';
export const alarmKinds: readonly AlarmKind[] = ['offline', 'video-loss', 'tamper', 'motion', 'other'];

export interface HubAlarmObservation extends ObservationBase {
  kind: 'hub.alarm';
  hub: string;
  camera: string;
  /** What the alarm means, as the adapter mapped it. */
  alarmKind: AlarmKind;
  /** The hub's own name for the alarm (free text, for reports), e.g. 'CameraDisconnected'. */
  alarm: string;
  state: 'raised' | 'cleared';
}

/**
 * Frames read from the hub's egress (its restream) of one camera over one interval. The
 * contract every egress reader keeps (NMS's HTTP-FLV monitor, the mini hub, declarative readers):
 * - From the moment a camera is provisioned (watch) until it is released (unwatch), the reader
 *   records one observation per camera per interval (about a second), back to back, **including
 *   intervals in which nothing arrived** (`frames: 0`): a restream that stops, or never exists,
 *   shows as zero intervals, not as silence.
 * - `frames` counts **unique** frames of this camera: distinct SEI frame counters stamped with
 *   this camera's id (camlab's SEI, media/sei). Not FLV tags, packets or segments: a frame
 *   repeated by the hub counts once.
 * - `unstampedFrames` counts pictures (access units) that carried no camlab stamp. They are
 *   never counted as frames: a hub that strips or rewrites SEI cannot be traced, and the egress
 *   checks say NOT EXERCISED for that reason instead of passing.
 * - `foreignFrames` counts unique frames stamped with another camera's id.
 * - `latencyMs` has one entry per unique frame of this camera: reader's clock minus the stamp's
 *   send time.
 */
export interface HubEgressObservation extends ObservationBase {
  kind: 'hub.egress';
  hub: string;
  camera: string;
  frames: number;
  /** End-to-end latencies (ms) measured from the SEI stamps of frames in this interval. */
  latencyMs: number[];
  /** Unique frames whose SEI names a different camera than the one this egress belongs to. */
  foreignFrames: number;
  /** Pictures read without a camlab SEI stamp: not counted in `frames`. */
  unstampedFrames: number;
}

/**
 * Where one picture sits on a recording's own timeline: `atMs` the hub's clock when it recorded
 * the picture, `mediaMs` the picture's position on the recording (ms from the recording's first
 * picture, as a player seeking in it would find it).
 */
export interface RecordingTimelineSample {
  atMs: number;
  mediaMs: number;
}

export interface HubRecordingObservation extends ObservationBase {
  kind: 'hub.recording';
  hub: string;
  camera: string;
  startMs: number;
  endMs: number;
  /** About one sample a second over the recording, where the adapter can read the recording's own timestamps. */
  timeline?: RecordingTimelineSample[];
}

export interface HubPtzObservation extends ObservationBase {
  kind: 'hub.ptz';
  hub: string;
  camera: string;
  command: string;
  preset?: string;
}

export interface HubLogObservation extends ObservationBase {
  kind: 'hub.log';
  hub: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

export type Observation =
  | RtspRequestObservation
  | RtspSessionOpenObservation
  | RtspSessionPlayObservation
  | RtspSessionCloseObservation
  | RtspSessionStatsObservation
  | ConnectionObservation
  | OnvifRequestObservation
  | OnvifNotifyObservation
  | DiscoveryObservation
  | CameraStateObservation
  | PtzObservation
  | DeviceEventObservation
  | FaultObservation
  | MarkObservation
  | ProbeResultObservation
  | HubProvisionedObservation
  | HubReleasedObservation
  | HubAlarmObservation
  | HubEgressObservation
  | HubRecordingObservation
  | HubPtzObservation
  | HubLogObservation;

export type ObservationKind = Observation['kind'];
export type ObservationOf<K extends ObservationKind> = Extract<Observation, { kind: K }>;
