import type { Camera } from '../../camera/camera.ts';
import type { Clock, TimerHandle } from '../../clock/clock.ts';
import type { EventMessage } from '../../events/event-message.ts';
import { replayPath } from '../../recording/recorded-track.ts';
import type { RecordingCatalog } from '../../recording/recording-catalog.ts';
import { InvalidStateError } from '../../wire/invalid-state-error.ts';
import type { RecordingControlObservation, RecordingStorage } from '../../observations/observation.ts';
import { catalogChangeMessages, recordingStateMessages } from './recording-events.ts';
import { MAX_SEARCH_SESSIONS, SearchSessions } from './search-sessions.ts';

/** Where a device's events go: the ONVIF server's broker for that device (OnvifServer.publishEvents). */
export interface RecordingEventSink {
  publishEvents(cameraId: string, messages: readonly EventMessage[]): void;
}

/** A recorded PTZ position (FindPTZPosition searches them). Pan and tilt in [-1, 1], zoom in [0, 1]. */
export interface PtzPositionSample {
  atMs: number;
  pan: number;
  tilt: number;
  zoom: number;
}

/**
 * A client's call that changes or deletes recordings, tracks or jobs, whether the device did it or
 * refused: the recorder observations are made from these ("a hub never deletes or overwrites edge
 * recordings" is judged on them, attempts included).
 */
export interface RecordingClientChange {
  atMs: number;
  /** The client's address:port. */
  client: string;
  user: string | undefined;
  /** The Recording Control operation, e.g. DeleteRecording. */
  operation: string;
  recordingToken?: string;
  trackToken?: string;
  jobToken?: string;
  /** Whether the recording the call touched was made by the device (edge storage, NVR channel) rather than a client. */
  deviceRecording?: boolean;
  /** The camera whose recording the call touched, where it names one. */
  camera?: string;
  outcome: 'done' | 'refused';
  /** The fault subcode when refused, e.g. ter:InvalidArgVal/ter:NoRecording. */
  fault?: string;
}

export interface ProfileGOptions {
  catalog: RecordingCatalog;
  /** The run's clock: search keep-alive and the recording state poll run on it. */
  clock: Clock;
  /** Where recording events are published (the OnvifServer serving the camera). */
  events: RecordingEventSink;
  /** host:port of the device's RTSP server as GetReplayUri names it; the camera's own address and RTSP port when unset. */
  rtspAuthority?: () => string;
  /** Recorded PTZ positions of a recording; FindPTZPosition is offered only with it (a device recording a PTZ camera). */
  ptzPositions?: (recordingToken: string, fromMs: number, toMs: number) => PtzPositionSample[];
  /** Told of every client call that changes or deletes recordings, tracks or jobs. */
  onClientChange?: (change: RecordingClientChange) => void;
  /** How often the RecordingHistory property events are brought up to date (0: never; a bench of 10,000 recordings wants none). */
  statePollMs?: number;
  maxSearchSessions?: number;
}

/** The replay session timeouts a client may set (Replay Control SessionTimeoutRange), in seconds. */
export const REPLAY_SESSION_TIMEOUT_RANGE_S = [1, 3600] as const;

/**
 * One device's Profile G state behind the recording, search and replay services: its catalog,
 * its search sessions, its replay configuration, and the poll that turns what is being recorded
 * into RecordingHistory property events. close() stops the poll and every search timer.
 */
export class ProfileGDevice {
  readonly catalog: RecordingCatalog;
  readonly searches: SearchSessions;
  readonly clock: Clock;
  replaySessionTimeoutMs = 60_000;
  private readonly opts: ProfileGOptions;
  private readonly detachCatalog: () => void;
  private readonly poll: TimerHandle | undefined;
  private readonly lastState = new Map<string, string>();
  private closed = false;

  constructor(
    readonly camera: Camera,
    opts: ProfileGOptions,
  ) {
    this.opts = opts;
    this.catalog = opts.catalog;
    this.clock = opts.clock;
    this.searches = new SearchSessions(opts.clock, opts.maxSearchSessions ?? MAX_SEARCH_SESSIONS);
    this.detachCatalog = this.catalog.on((change) => {
      const nowMs = this.clock.now();
      const messages = catalogChangeMessages(change, this.catalog, nowMs);
      // A deleted recording's or track's state is forgotten with it (a new one of the same token starts afresh).
      for (const m of messages) if (m.operation === 'Deleted') this.lastState.delete(stateKey(m));
      this.opts.events.publishEvents(camera.id, messages);
    });
    const every = opts.statePollMs ?? 1000;
    this.poll = every > 0 ? this.clock.setInterval(() => this.refreshStates(), every) : undefined;
  }

  get offersPtzSearch(): boolean {
    return this.opts.ptzPositions !== undefined;
  }

  ptzPositions(recordingToken: string, fromMs: number, toMs: number): PtzPositionSample[] {
    return this.opts.ptzPositions?.(recordingToken, fromMs, toMs) ?? [];
  }

  replayUri(recordingToken: string): string {
    const authority = this.opts.rtspAuthority?.() ?? `${this.camera.network.address}:${this.camera.network.rtspPort}`;
    return `rtsp://${authority}${replayPath(recordingToken)}`;
  }

  clientChange(change: RecordingClientChange): void {
    this.opts.onClientChange?.(change);
  }

  /** Publishes the RecordingHistory states that changed since the last call (all of them the first time). */
  refreshStates(): void {
    if (this.closed) return;
    const changed: EventMessage[] = [];
    for (const m of recordingStateMessages(this.catalog, this.clock.now())) {
      const key = stateKey(m);
      const value = m.data[0]![1];
      if (this.lastState.get(key) === value) continue;
      this.lastState.set(key, value);
      changed.push(m);
    }
    if (changed.length > 0) this.opts.events.publishEvents(this.camera.id, changed);
  }

  /** Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.poll?.cancel();
    this.detachCatalog();
    this.searches.close();
    if (registry.get(this.camera) === this) registry.delete(this.camera);
  }
}

function stateKey(m: EventMessage): string {
  return `${m.topic}\n${m.source.map(([, v]) => v).join('\n')}`;
}

/** A client's Recording Control call as the recorder observation `recording.control` (rec-hub judges "never deletes edge recordings" on it). */
export function recordingControlObservation(
  change: RecordingClientChange,
  recorder: string,
  storage: RecordingStorage,
): RecordingControlObservation {
  const obs: RecordingControlObservation = {
    kind: 'recording.control',
    atMs: change.atMs,
    recorder,
    storage,
    client: change.client,
    operation: change.operation,
    effect: change.operation.startsWith('Delete') ? 'delete' : 'change',
    outcome: change.outcome === 'done' ? 'applied' : 'refused',
  };
  if (change.user !== undefined) obs.user = change.user;
  if (change.recordingToken !== undefined) obs.recordingToken = change.recordingToken;
  if (change.trackToken !== undefined) obs.trackToken = change.trackToken;
  if (change.jobToken !== undefined) obs.jobToken = change.jobToken;
  if (change.camera !== undefined) obs.camera = change.camera;
  if (change.fault !== undefined) obs.fault = change.fault;
  return obs;
}

const registry = new WeakMap<Camera, ProfileGDevice>();

/**
 * Serves Profile G on a camera or recorder the ONVIF server serves (or will serve): the
 * recording, search and replay services appear in its GetServices and GetCapabilities and answer
 * at their paths, over the given catalog; recording events join its topic set. Close the returned
 * device to withdraw them.
 */
export function serveProfileG(camera: Camera, opts: ProfileGOptions): ProfileGDevice {
  const existing = registry.get(camera);
  if (existing !== undefined) throw new InvalidStateError(`camera ${camera.id} already serves Profile G`);
  const device = new ProfileGDevice(camera, opts);
  registry.set(camera, device);
  return device;
}

/** The Profile G state of a camera, when it serves Profile G. */
export function profileGOf(camera: Camera): ProfileGDevice | undefined {
  return registry.get(camera);
}
