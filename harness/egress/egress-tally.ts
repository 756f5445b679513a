import type { VideoCodec } from '../../media/clip/packetized-clip.ts';
import { ParseError } from '../../media/errors/parse-error.ts';
import { decodeSeiNal, type SeiStamp } from '../../media/sei/sei-stamp.ts';

/** What one camera's egress delivered in one interval. */
export interface EgressCounts {
  /** Frames carrying this camera's stamp, each frame counter counted once. */
  frames: number;
  /** Now minus the stamp's send time, per counted frame (the reader's clock is the cameras'). */
  latencyMs: number[];
  /** Frames whose stamp names another camera, each (camera, counter) counted once. */
  foreignFrames: number;
  /** Frames without a camlab stamp (a hub that re-encodes or strips SEI). */
  unstampedFrames: number;
}

/**
 * How many recent stamps a tally remembers to count each frame once (of its camera, and apart
 * of other cameras): over a minute at 25 fps, more than any hub buffers or an HLS reader re-reads. A
 * camera restarting its counter is not a duplicate unless its new counters land within this
 * window of its old ones.
 */
const recentStamps = 2_048;

const H264_SEI = 6;
const H265_PREFIX_SEI = 39;
const H265_SUFFIX_SEI = 40;

/**
 * Counts one camera's egress frames for the hub.egress observations: unique camlab SEI frame
 * counters of this camera (a hub that repeats a frame, or a reader that reads a segment twice,
 * does not add frames), their latency, frames of another camera and frames with no stamp.
 * Takes whole access units from any reader (FLV tag, TS PES, RTP frame).
 */
export class EgressTally {
  private counts: EgressCounts = emptyCounts();
  /** Counters of this camera's recent stamps (numbers: no key built per frame). */
  private readonly seenOwn = new RecentSet<number>(recentStamps);
  /** `camera\u0000counter` of other cameras' recent stamps. */
  private readonly seenForeign = new RecentSet<string>(recentStamps);
  /** Frames not counted because their stamp was already counted. */
  duplicateFramesTotal = 0;

  constructor(
    readonly cameraId: string,
    private readonly now: () => number,
  ) {}

  /** One access unit's NAL units (no start codes or length prefixes). */
  onFrame(codec: VideoCodec, nals: readonly Buffer[]): void {
    this.onStamp(findStamp(codec, nals));
  }

  /** One picture whose stamp is already decoded (undefined: it carried none). */
  onStamp(stamp: SeiStamp | undefined): void {
    if (stamp === undefined) {
      this.counts.unstampedFrames++;
      return;
    }
    if (stamp.cameraId !== this.cameraId) {
      if (this.seenForeign.add(`${stamp.cameraId}\u0000${stamp.frame}`)) this.counts.foreignFrames++;
      else this.duplicateFramesTotal++;
      return;
    }
    if (!this.seenOwn.add(stamp.frame)) {
      this.duplicateFramesTotal++;
      return;
    }
    this.counts.frames++;
    this.counts.latencyMs.push(this.now() - stamp.sendTimeMs);
  }

  /** This interval's counts (zeros when nothing arrived); the next interval starts empty. */
  take(): EgressCounts {
    const counts = this.counts;
    this.counts = emptyCounts();
    return counts;
  }
}

/** The last `capacity` distinct values added: a Set for lookups, a ring for forgetting the oldest. */
class RecentSet<T> {
  private readonly set = new Set<T>();
  private readonly ring: T[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  /** False when the value is among the recent ones; otherwise remembers it (forgetting the oldest). */
  add(value: T): boolean {
    if (this.set.has(value)) return false;
    if (this.ring.length < this.capacity) this.ring.push(value);
    else {
      this.set.delete(this.ring[this.next]!);
      this.ring[this.next] = value;
      this.next = (this.next + 1) % this.capacity;
    }
    this.set.add(value);
    return true;
  }
}

function emptyCounts(): EgressCounts {
  return { frames: 0, latencyMs: [], foreignFrames: 0, unstampedFrames: 0 };
}

function findStamp(codec: VideoCodec, nals: readonly Buffer[]): SeiStamp | undefined {
  for (const nal of nals) {
    if (nal.length === 0) continue;
    const type = codec === 'h264' ? nal[0]! & 0x1f : (nal[0]! >> 1) & 0x3f;
    if (codec === 'h264' ? type !== H264_SEI : type !== H265_PREFIX_SEI && type !== H265_SUFFIX_SEI) continue;
    try {
      const stamp = decodeSeiNal(codec, nal);
      if (stamp !== undefined) return stamp;
    } catch (err) {
      // Another encoder's malformed SEI is not a camlab stamp; look at the rest.
      if (!(err instanceof ParseError)) throw err;
    }
  }
  return undefined;
}
