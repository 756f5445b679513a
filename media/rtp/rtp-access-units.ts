import type { VideoCodec } from '../clip/packetized-clip.ts';
import { ParseError } from '../errors/parse-error.ts';
import { H264Depacketizer } from './h264-depacketizer.ts';
import { H265Depacketizer } from './h265-depacketizer.ts';
import { decodeRtpPacket } from './rtp-header.ts';

/**
 * Groups a received RTP video stream into access units: the NAL units of packets sharing one
 * timestamp, complete at the marker bit (RFC 6184 §5.1, RFC 7798 §4.1) or when the timestamp
 * moves on without one. A lost packet (sequence gap) drops the access unit it belonged to, so a
 * frame is only ever whole; drops are counted. The first unit is dropped too, uncounted: a reader
 * joining a stream cannot know it saw that unit's first packet (its SEI, say). Packets of another payload type are ignored.
 * Pure: RTP packets in, access units out. A malformed packet throws ParseError and is skipped.
 */
export class RtpAccessUnits {
  private readonly depacketizer: H264Depacketizer | H265Depacketizer;
  private nals: Buffer[] = [];
  private timestamp = -1;
  private nextSequence = -1;
  private damaged = false;
  /** False until the first unit boundary: what came before it may have started before we joined. */
  private synced = false;
  /** Access units dropped because one of their packets was lost or could not be depacketized. */
  accessUnitsDroppedTotal = 0;

  constructor(
    readonly codec: VideoCodec,
    private readonly payloadType: number,
  ) {
    this.depacketizer = codec === 'h264' ? new H264Depacketizer() : new H265Depacketizer();
  }

  /** One RTP packet; returns the access units it completes (zero, one, or two when the timestamp moved without a marker). */
  push(packet: Buffer): Buffer[][] {
    const { header, payload } = decodeRtpPacket(packet);
    if (header.payloadType !== this.payloadType) return [];
    const done: Buffer[][] = [];
    if (this.nextSequence >= 0 && header.sequenceNumber !== this.nextSequence) {
      this.depacketizer.reset();
      this.damaged = true;
    }
    this.nextSequence = (header.sequenceNumber + 1) & 0xffff;
    if (header.timestamp !== this.timestamp) {
      this.finish(done);
      this.timestamp = header.timestamp;
    }
    if (payload.length > 0) {
      try {
        for (const nal of this.depacketizer.push(payload)) this.nals.push(nal);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        this.damaged = true;
      }
    }
    if (header.marker) this.finish(done);
    return done;
  }

  private finish(done: Buffer[][]): void {
    if (!this.synced) {
      this.synced = this.timestamp >= 0;
    } else if (this.damaged) {
      this.accessUnitsDroppedTotal++;
    } else if (this.nals.length > 0) {
      done.push(this.nals);
    }
    this.nals = [];
    this.damaged = false;
    this.depacketizer.reset();
  }
}
