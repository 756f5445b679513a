import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { PacketizedClip, PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import type { WireImage } from './wire-image.ts';
import { buildWireImage } from './wire-image.ts';
import { stripParameterSets } from './strip-parameter-sets.ts';

/** A clip's frames as sessions send them, with each frame's TCP wire image at the same index. */
export interface ClipFrames {
  frames: readonly PacketizedFrame[];
  wireImages: readonly WireImage[];
}

/**
 * Receives every tick of a clip stream: `frameNumber` counts frame slots since the Unix epoch
 * (it sets the RTP time); `contentFrame` is the clip position to show, which advances by one per
 * tick even when slots were skipped; `skippedFrames` is how many slots this tick came too late
 * for (never sent: drops). Must not throw (the stream serves other cameras).
 */
export interface FrameSink {
  onFrame(frameNumber: number, contentFrame: number, skippedFrames: number, nowMs: number): void;
}

/**
 * The one frame clock of one clip in this process. Frame k of the endless stream is due at
 * k × frame duration after the Unix epoch, so every camera (and every process) using the clip
 * sees the same picture at the same instant. Its 90 kHz time keeps advancing across loops of
 * the clip. The timer runs only while some camera has a playing session.
 *
 * Like a camera's encoder, the clock never queues behind the wall clock: a tick that comes late
 * (event loop or CPU busy) by whole frames skips those slots and sends the frame due now, so
 * lateness stays bounded by one tick's work instead of accumulating. The picture stays
 * continuous across a skip (the encoder simply produced fewer frames), so streams stay
 * decodable; the skipped slots are counted as drops by every session.
 */
export class ClipStream {
  readonly frameMs: number;
  /** The TCP wire image of each frame, by frame index (built once per clip per process). */
  readonly wireImages: readonly WireImage[];
  /** The frames as the clip has them: parameter sets in-band on every key frame. */
  readonly plain: ClipFrames;
  private withoutParameterSetsCache: ClipFrames | undefined;
  /** Per frame index: frames from it to the next key frame (0 on a key frame), wrapping past the clip's end. */
  private readonly keyframeDistance: Uint32Array;
  private sinks: FrameSink[] = [];
  private nextFrame = 0;
  /** Frame slots skipped since the stream started: how far the picture runs behind the slot number. */
  private skippedTotal = 0;
  private timer: TimerHandle | undefined;
  private closed = false;
  private ticking = false;
  private readonly boundTick = (): void => this.tick();

  constructor(
    readonly clip: PacketizedClip,
    private readonly clock: Clock,
  ) {
    if (clip.frames.length === 0) throw new RangeError('a clip stream needs at least one frame');
    this.frameMs = 1000 / clip.spec.fps;
    this.wireImages = clip.frames.map((f, i) => {
      // Sessions find a frame's image by its index, so the index must be its position.
      if (f.index !== i) throw new RangeError(`clip frame at position ${i} has index ${f.index}`);
      return buildWireImage(f, clip.payloadType);
    });
    this.keyframeDistance = keyframeDistances(clip.frames);
    this.plain = { frames: clip.frames, wireImages: this.wireImages };
  }

  /** The frames without in-band parameter sets (a camera that has them only in the SDP); built once, on first use. */
  withoutParameterSets(): ClipFrames {
    if (this.withoutParameterSetsCache === undefined) {
      const frames = stripParameterSets(this.clip.spec.codec, this.clip.frames);
      this.withoutParameterSetsCache = {
        frames,
        wireImages: frames.map((f, i) =>
          f === this.clip.frames[i] ? this.wireImages[i]! : buildWireImage(f, this.clip.payloadType),
        ),
      };
    }
    return this.withoutParameterSetsCache;
  }

  /** Frames from clip position `position` (any frame count, taken modulo the clip) to the next key frame. */
  framesToKeyframe(position: number): number {
    return this.keyframeDistance[position % this.keyframeDistance.length]!;
  }

  /** 90 kHz stream time at nowMs (for RTCP sender reports and RTP-Info). */
  ticksAt(nowMs: number): number {
    return Math.floor((nowMs * this.clip.clockRate) / 1000);
  }

  /** The frame shown at stream frame `frameNumber` and its 90 kHz time (advancing across loops). */
  frameAt(frameNumber: number): PacketizedFrame {
    const frames = this.clip.frames;
    return frames[frameNumber % frames.length]!;
  }

  /**
   * The 90 kHz time of `frame` sent in slot `frameNumber` (advancing across loops): the slot's
   * decode time plus the frame's own composition offset. When the frame is the slot's own, that
   * is its presentation time; when a skip or a synchronization point put another frame there,
   * time still runs on with the slots and B-frames keep their presentation order.
   */
  clipTicksAt(frameNumber: number, frame: PacketizedFrame): number {
    const frames = this.clip.frames;
    const loop = Math.floor(frameNumber / frames.length);
    return (
      loop * this.clip.durationTicks +
      frames[frameNumber - loop * frames.length]!.dtsTicks +
      frame.ptsTicks -
      frame.dtsTicks
    );
  }

  subscribe(sink: FrameSink): void {
    if (this.closed) throw new Error('clip stream is closed');
    if (this.sinks.includes(sink)) return;
    // Copy on write: a tick in progress keeps iterating the array it started with.
    this.sinks = [...this.sinks, sink];
    if (this.timer === undefined && !this.ticking) {
      this.nextFrame = Math.ceil(this.clock.now() / this.frameMs);
      this.schedule();
    }
  }

  unsubscribe(sink: FrameSink): void {
    this.sinks = this.sinks.filter((s) => s !== sink);
    if (this.sinks.length === 0) {
      this.timer?.cancel();
      this.timer = undefined;
    }
  }

  get sinkCount(): number {
    return this.sinks.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.sinks = [];
  }

  private schedule(): void {
    const delayMs = this.nextFrame * this.frameMs - this.clock.now();
    this.timer = this.clock.setTimeout(this.boundTick, delayMs > 0 ? delayMs : 0);
  }

  private tick(): void {
    this.timer = undefined;
    const nowMs = this.clock.now();
    const dueNow = Math.floor(nowMs / this.frameMs);
    const skipped = dueNow > this.nextFrame ? dueNow - this.nextFrame : 0;
    const k = this.nextFrame + skipped;
    this.skippedTotal += skipped;
    const content = k - this.skippedTotal;
    const sinks = this.sinks;
    this.ticking = true;
    for (let i = 0; i < sinks.length; i++) {
      try {
        sinks[i]!.onFrame(k, content, skipped, nowMs);
      } catch (err) {
        // A failing camera must not stop the clock of the others: drop it, say so once.
        console.error('rtsp: frame sink failed and was unsubscribed:', err);
        this.unsubscribe(sinks[i]!);
      }
    }
    this.ticking = false;
    if (this.sinks.length === 0 || this.closed) return;
    this.nextFrame = k + 1;
    this.schedule();
  }
}

/** A backward pass over two loops of the clip, so a position near the end finds the next loop's first key frame (a clip without one, never made by media/, gives 0). */
function keyframeDistances(frames: readonly PacketizedFrame[]): Uint32Array {
  const n = frames.length;
  const out = new Uint32Array(n);
  let next = -1;
  for (let i = 2 * n - 1; i >= 0; i--) {
    if (frames[i % n]!.keyframe) next = i;
    if (i < n) out[i] = next < 0 ? 0 : next - i;
  }
  return out;
}
