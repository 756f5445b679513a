import type { Camera } from '../camera/camera.ts';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import { systemClock } from '../clock/clock.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import type { StreamProfileName } from '../observations/observation.ts';
import type { StreamLibrary } from './stream-library.ts';
import type { ClipStream } from './clip-stream.ts';
import type { RtspLimits } from './rtsp-limits.ts';
import { defaultRtspLimits } from './rtsp-limits.ts';
import type { SessionLimits } from './rtsp-session.ts';
import { defaultSessionLimits } from './rtsp-session.ts';
import { CameraEndpoint } from './camera-endpoint.ts';
import type { ClosedTotals, EndpointContext, EndpointOptions } from './camera-endpoint.ts';
import type { RecordingLibrary } from '../recording/recorded-track.ts';

export interface RtspServerOptions {
  log: ObservationLog;
  clock?: Clock;
  streams: StreamLibrary;
  /** Idle time after which a session is reaped (advertised as Session: id;timeout=s). */
  sessionTimeoutMs?: number;
  /** How long a digest nonce stays fresh before the camera answers stale=TRUE. */
  nonceLifetimeMs?: number;
  senderReportIntervalMs?: number;
  limits?: Partial<RtspLimits>;
  sessionLimits?: Partial<SessionLimits>;
  /**
   * The recordings every camera of this server replays at replayPath(token), unless addCamera
   * names others. Without either, a device replays its own (camera.recordings: edge storage, or a
   * site recorder's library); a device with none answers replay URLs 404.
   */
  recordings?: RecordingLibrary;
}

export interface RtspServerStats {
  sessions: number;
  framesSent: number;
  bytesSent: number;
  framesDropped: number;
  /** Bytes waiting in user space in the TCP sessions' sockets (bounded by the per-session cap). */
  queuedBytes: number;
}

const HOUSEKEEPING_MS = 1000;

/**
 * The RTSP server of one process: serves many cameras, each on its own address and port,
 * from the shared clip streams of a StreamLibrary.
 */
export class RtspServer {
  private readonly clock: Clock;
  private readonly streams: StreamLibrary;
  private readonly endpoints = new Map<string, CameraEndpoint>();
  private readonly ctx: EndpointContext;
  private readonly closedTotals: ClosedTotals = { framesSent: 0, bytesSent: 0, framesDropped: 0 };
  private readonly senderReportIntervalMs: number;
  private readonly recordings: RecordingLibrary | undefined;
  private housekeeper: TimerHandle | undefined;
  private closing: Promise<void> | undefined;

  constructor(opts: RtspServerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.streams = opts.streams;
    this.senderReportIntervalMs = opts.senderReportIntervalMs ?? 5000;
    this.recordings = opts.recordings;
    this.ctx = {
      log: opts.log,
      clock: this.clock,
      limits: { ...defaultRtspLimits, ...opts.limits },
      sessionLimits: { ...defaultSessionLimits, ...opts.sessionLimits },
      sessionTimeoutMs: opts.sessionTimeoutMs ?? 60_000,
      nonceLifetimeMs: opts.nonceLifetimeMs ?? 300_000,
      onSessionClosed: (s) => {
        this.closedTotals.framesSent += s.framesSent;
        this.closedTotals.bytesSent += s.bytesSent;
        this.closedTotals.framesDropped += s.framesDropped;
      },
      streamFor: (profile) => this.streams.streamFor(profile),
    };
  }

  /** Loads the camera's clips and listens on camera.network (when its power is up); `opts.recordings` are what it replays. */
  async addCamera(camera: Camera, opts: EndpointOptions = {}): Promise<void> {
    if (this.closing !== undefined) throw new Error('RTSP server is closed');
    if (this.endpoints.has(camera.id)) throw new Error(`camera ${camera.id} is already served`);
    const streams = new Map<StreamProfileName, ClipStream>();
    for (const { name } of camera.model.profiles)
      streams.set(name, await this.streams.streamFor(camera.profile(name)!));
    const endpoint = new CameraEndpoint(camera, this.ctx, streams, { recordings: opts.recordings ?? this.recordings });
    this.endpoints.set(camera.id, endpoint);
    try {
      await endpoint.reconcile();
    } catch (err) {
      this.endpoints.delete(camera.id);
      await endpoint.close();
      throw err;
    }
    this.housekeeper ??= this.clock.setInterval(() => this.housekeeping(), HOUSEKEEPING_MS);
  }

  /** Gives a served camera the recordings it replays (the recording model may come up after the camera). */
  setRecordings(cameraId: string, recordings: RecordingLibrary | undefined): void {
    const endpoint = this.endpoints.get(cameraId);
    if (endpoint === undefined) throw new Error(`camera ${cameraId} is not served`);
    endpoint.assignedRecordings = recordings;
  }

  async removeCamera(id: string): Promise<void> {
    const endpoint = this.endpoints.get(id);
    if (endpoint === undefined) return;
    this.endpoints.delete(id);
    await endpoint.close();
  }

  /** Closes every listener and session (reason camera-down); idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.housekeeper?.cancel();
      this.housekeeper = undefined;
      const all = [...this.endpoints.values()];
      this.endpoints.clear();
      await Promise.all(all.map((e) => e.close()));
    })();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  stats(): RtspServerStats {
    const out: RtspServerStats = { sessions: 0, ...this.closedTotals, queuedBytes: 0 };
    for (const e of this.endpoints.values()) {
      for (const s of e.sessions.values()) {
        out.sessions++;
        out.framesSent += s.framesSent;
        out.bytesSent += s.bytesSent;
        out.framesDropped += s.framesDropped;
        out.queuedBytes += s.queuedBytes;
      }
    }
    return out;
  }

  private housekeeping(): void {
    const nowMs = this.clock.now();
    for (const e of this.endpoints.values()) e.housekeeping(nowMs, this.senderReportIntervalMs);
  }
}
