import type { Camera } from '../camera/camera.ts';
import type { StreamProfileName } from '../observations/observation.ts';
import { SeiStamper } from '../../media/sei/sei-stamper.ts';
import type { PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import type { ClipStream, FrameSink } from './clip-stream.ts';
import type { WireImage } from './wire-image.ts';

/** A stable spread of cameras over the clip's frames, from the camera id (FNV-1a). */
function phaseOf(cameraId: string, frameCount: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < cameraId.length; i++) h = Math.imul(h ^ cameraId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % frameCount;
}

/**
 * What the feed needs of a playing session (an RtspSession): the frame fan-out and the skip
 * notice. `sei` is the process's stamp buffer, rewritten for the next camera's frame: a reader
 * that keeps the frame past the call (a delay fault holding it) keeps a copy.
 */
export interface FeedReader {
  sendFrame(sei: Buffer, frame: PacketizedFrame, image: WireImage, clipTicks: number, nowMs: number): void;
  skipFrames(count: number): void;
}

/**
 * One camera's profile: subscribes to the shared clip stream while it has playing sessions,
 * builds the camera's SEI stamp once per frame, and hands the frame to each session.
 * Each camera runs the shared clock at its own phase in the clip, so cameras' key frames do not
 * all fall on the same tick (real cameras' GOPs are not aligned; aligned ones burst the network).
 */
export class CameraFeed implements FrameSink {
  /** Frames this camera runs ahead of the shared clip position. */
  readonly phaseFrames: number;
  private readonly phaseTicks: number;
  private sessions: FeedReader[] = [];
  private frameCounter = 0;
  /** Frames skipped ahead by synchronization points, modulo the clip length. */
  private jumpFrames = 0;
  private syncPending = false;
  /** The clip position of the picture a frozen camera repeats (the frozen-picture quirk), or -1. */
  private frozenAt = -1;
  /** Made at the first frame: an id too long for the stamp fails that frame, as encodeSeiNal did, not the feed. */
  private stamper: SeiStamper | undefined;

  constructor(
    readonly camera: Camera,
    readonly profile: StreamProfileName,
    readonly stream: ClipStream,
  ) {
    const frameCount = stream.clip.frames.length;
    this.phaseFrames = phaseOf(camera.id, frameCount);
    this.phaseTicks = Math.round((this.phaseFrames * stream.clip.durationTicks) / frameCount);
  }

  /** This camera's 90 kHz stream time at nowMs (RTCP sender reports, RTP-Info). */
  ticksAt(nowMs: number): number {
    return this.stream.ticksAt(nowMs) + this.phaseTicks;
  }

  add(session: FeedReader): void {
    if (this.sessions.includes(session)) return;
    // Copy on write: a frame being fanned out keeps the list it started with.
    this.sessions = [...this.sessions, session];
    if (this.sessions.length === 1) this.stream.subscribe(this);
  }

  remove(session: FeedReader): void {
    const before = this.sessions.length;
    this.sessions = this.sessions.filter((s) => s !== session);
    if (before > 0 && this.sessions.length === 0) this.stream.unsubscribe(this);
  }

  /**
   * ONVIF SetSynchronizationPoint: a real encoder emits an IDR at once; a pre-encoded clip cannot,
   * so the next frame sent is the clip's next key frame (with its SPS/PPS) and the picture goes
   * on from there. RTP time and sequence numbers follow the frame slots, so they stay continuous.
   */
  requestSyncPoint(): void {
    if (this.sessions.length > 0) this.syncPending = true;
  }

  get playing(): number {
    return this.sessions.length;
  }

  onFrame(frameNumber: number, contentFrame: number, skippedFrames: number, nowMs: number): void {
    const sessions = this.sessions;
    if (skippedFrames > 0) {
      // The SEI frame counter counts slots, so a reader sees the gap the skip left.
      this.frameCounter += skippedFrames;
      for (let i = 0; i < sessions.length; i++) sessions[i]!.skipFrames(skippedFrames);
    }
    let position = contentFrame + this.phaseFrames + this.jumpFrames;
    const quirks = this.camera.streamQuirks;
    if (quirks.frozenPicture) {
      // The encoder repeats one picture: the next key frame, again and again, while RTP time runs on.
      if (this.frozenAt < 0)
        this.frozenAt = (position + this.stream.framesToKeyframe(position)) % this.stream.clip.frames.length;
      position = this.frozenAt;
    } else if (this.frozenAt >= 0) {
      // Thawed: the picture goes on from a key frame, as P-frames after a repeated picture would reference the wrong one.
      this.frozenAt = -1;
      this.syncPending = true;
    }
    if (this.syncPending) {
      this.syncPending = false;
      const ahead = this.stream.framesToKeyframe(position);
      this.jumpFrames = (this.jumpFrames + ahead) % this.stream.clip.frames.length;
      position += ahead;
    }
    const variant = quirks.inBandParameterSets ? this.stream.plain : this.stream.withoutParameterSets();
    const index = position % variant.frames.length;
    const frame: PacketizedFrame = variant.frames[index]!;
    const image = variant.wireImages[index]!;
    const clipTicks = this.stream.clipTicksAt(frameNumber + this.phaseFrames, frame);
    const ptz = this.camera.ptz;
    this.stamper ??= new SeiStamper(this.stream.clip.spec.codec, this.camera.id);
    const sei = this.stamper.stamp(this.frameCounter++, nowMs, ptz === undefined ? undefined : ptz.position(nowMs));
    for (let i = 0; i < sessions.length; i++) sessions[i]!.sendFrame(sei, frame, image, clipTicks, nowMs);
  }

  close(): void {
    if (this.sessions.length > 0) this.stream.unsubscribe(this);
    this.sessions = [];
  }
}
