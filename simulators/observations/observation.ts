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
export type RtspSessionCloseReason =
  | 'teardown'
  | 'timeout'
  | 'client-closed'
  | 'camera-down'
  | 'fault'
  | 'error'
  | 'readdress'
  | 'credentials-changed'
  | 'encoder-changed';

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

/**
 * A Probe one of the fleet's discovery sockets heard (`address`: the camera address it was sent to,
 * for a directed Probe; none for a multicast one) and `answeredBy`: the cameras of this fleet that
 * answer it with a ProbeMatch, after their quirks (absent in logs before 2026.12). Every fleet on
 * a host hears every multicast Probe; only its own cameras answer, so this is always this fleet's.
 * Hello and Bye name the `camera` announcing itself and the `address` it speaks from.
 */
type DiscoveryProbeFields = DiscoveryFields & { answeredBy?: string[] };

/** One member per kind (not one member with a union kind), so ObservationOf<'discovery.bye'> resolves. */
export type DiscoveryObservation = {
  [K in DiscoveryKind]: (K extends 'discovery.probe' ? DiscoveryProbeFields : DiscoveryFields) & { kind: K };
}[DiscoveryKind];

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
  command:
    | 'ContinuousMove'
    | 'RelativeMove'
    | 'AbsoluteMove'
    | 'Stop'
    | 'GotoPreset'
    | 'GotoHomePosition'
    | 'SetPreset'
    | 'RemovePreset';
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

export type FaultObservation = { [K in 'fault.applied' | 'fault.cleared']: FaultFields & { kind: K } }[
  'fault.applied' | 'fault.cleared'];

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

/**
 * A run of frames one of the hub's recordings holds, traced by their SEI stamps: frames of this
 * camera, in capture order, each within `captureRunBreakMs` of the one before and all live or
 * all replayed.
 */
export interface CaptureRun {
  /** SEI capture instant (the stamp's sendTimeMs, on the run's clock) of the run's first frame. */
  firstMs: number;
  /** SEI capture instant of the run's last frame. */
  lastMs: number;
  /** Frames in the run (distinct capture instants). */
  frames: number;
  /** The frames were replayed by a recorder (their stamps carry the replayed flag), not taken live. */
  replayed: boolean;
  /**
   * The hub's own time for the run's frames (its recording's time index) minus their SEI capture
   * instants: the least and the greatest over the run. Absent when the hub gives these frames no time.
   */
  timeErrorMs?: { min: number; max: number };
}

/** Consecutive frames (in capture order) further apart than this start a new CaptureRun. */
export const captureRunBreakMs = 1_000;

/**
 * What one of the hub's recordings holds, read from the recording itself (its media, not its
 * listing): the capture-time coverage behind the `recording-frames` capability. The contract:
 * - one observation per recording whenever the adapter learns what it holds (as segments close,
 *   or from `collect()`); `atMs` is when the hub was seen to hold these frames, and a later
 *   observation of the same (hub, camera, recording) replaces the earlier one;
 * - `runs` are frames stamped with this camera's id only; pictures without a camlab stamp are
 *   `unstampedFrames`, frames naming another camera `foreignFrames`, and neither covers anything;
 * - `startMs`/`endMs` are the recording's span as the hub labels it, on the run's clock.
 */
export interface HubRecordingFramesObservation extends ObservationBase {
  kind: 'hub.recording.frames';
  hub: string;
  camera: string;
  /** The hub's name for the recording (a file, an id), unique per hub and camera. */
  recording: string;
  startMs: number;
  endMs: number;
  runs: CaptureRun[];
  unstampedFrames: number;
  foreignFrames: number;
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

/** Where a recording is kept: a camera's own edge storage (SD card), or a site recorder (NVR). */
export type RecordingStorage = 'edge' | 'recorder';

/**
 * What one recorder kept of its cameras, as of atMs: spans in time order, [startMs, endMs) on the
 * run's clock, after retention, overwriting and recorder faults; a span still being written ends
 * at atMs. Recorded for a track whenever it starts or stops (that track only), for every track
 * when an SD card goes out or comes back, and for every track when the fleet closes (the run's end).
 */
export interface RecorderTracksObservation extends ObservationBase {
  kind: 'recorder.tracks';
  /** The device: a site recorder's id, or the camera's id for its edge storage. */
  recorder: string;
  storage: RecordingStorage;
  site: string;
  /** False while an SD card is removed: the spans are on the card, out of a client's reach. */
  available: boolean;
  tracks: { recordingToken: string; camera: string; spans: { startMs: number; endMs: number }[] }[];
}

/**
 * A Recording Control call that deletes or changes what a recorder keeps (DeleteRecording,
 * DeleteTrack, DeleteRecordingJob, SetRecordingJobMode, SetRecordingConfiguration,
 * SetTrackConfiguration, SetRecordingJobConfiguration, CreateRecordingJob...), recorded by the
 * device whether it applied it or refused it: a hub must never delete or overwrite edge recordings.
 */
export interface RecordingControlObservation extends ObservationBase {
  kind: 'recording.control';
  recorder: string;
  storage: RecordingStorage;
  /** "ip:port" of the caller. */
  client: string;
  user?: string;
  operation: string;
  /** delete: a recording, track or job goes; change: a configuration or job mode changes. */
  effect: 'delete' | 'change';
  recordingToken?: string;
  trackToken?: string;
  jobToken?: string;
  /** The camera whose recording it touches, where the call names one. */
  camera?: string;
  /** applied, or refused with a SOAP fault (its subcode in `fault`). */
  outcome: 'applied' | 'refused';
  fault?: string;
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
  | HubRecordingFramesObservation
  | HubPtzObservation
  | HubLogObservation
  | RecorderTracksObservation
  | RecordingControlObservation;

export type ObservationKind = Observation['kind'];
export type ObservationOf<K extends ObservationKind> = Extract<Observation, { kind: K }>;
