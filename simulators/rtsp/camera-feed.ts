import type { Camera } from '../camera/camera.ts';
import type { StreamProfileName } from '../observations/observation.ts';
import type { PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import { encodeSeiNal } from '../../media/sei/sei-stamp.ts';
import type { ClipStream, FrameSink } from './clip-stream.ts';
import type { RtspSession } from './rtsp-session.ts';

/**
 * One camera's profile: subscribes to the shared clip stream while it has playing sessions,
 * builds the camera's SEI stamp once per frame, and hands the frame to each session.
 */
export class CameraFeed implements FrameSink {
  private sessions: RtspSession[] = [];
  private frameCounter = 0;

  constructor(
    readonly camera: Camera,
    readonly profile: StreamProfileName,
    readonly stream: ClipStream,
  ) {}

  add(session: RtspSession): void {
    if (this.sessions.includes(session)) return;
    // Copy on write: a frame being fanned out keeps the list it started with.
    this.sessions = [...this.sessions, session];
    if (this.sessions.length === 1) this.stream.subscribe(this);
  }

  remove(session: RtspSession): void {
    const before = this.sessions.length;
    this.sessions = this.sessions.filter((s) => s !== session);
    if (before > 0 && this.sessions.length === 0) this.stream.unsubscribe(this);
  }

  get playing(): number {
    return this.sessions.length;
  }

  onFrame(frame: PacketizedFrame, clipTicks: number, nowMs: number): void {
    const camera = this.camera;
    const sei = encodeSeiNal(this.stream.clip.spec.codec, {
      cameraId: camera.id,
      frame: this.frameCounter++,
      sendTimeMs: nowMs,
      ptz: camera.ptz?.position(nowMs),
    });
    const sessions = this.sessions;
    for (let i = 0; i < sessions.length; i++) sessions[i]!.sendFrame(sei, frame, clipTicks, nowMs);
  }

  close(): void {
    if (this.sessions.length > 0) this.stream.unsubscribe(this);
    this.sessions = [];
  }
}
