import type { VideoCodec } from '../clip/packetized-clip.ts';
import { ParseError } from '../errors/parse-error.ts';
import { H264Depacketizer } from './h264-depacketizer.ts';
import { H265Depacketizer } from './h265-depacketizer.ts';
import { rtpPayloadEnd, rtpPayloadStart } from './rtp-header.ts';

export interface RtpAccessUnitsOptions {
  /**
   * Keep only NAL units of these types (the codec's nal_unit_type): the others are neither
   * reassembled nor returned, and an access unit with none left is returned empty (it still
   * arrived). Kept NAL units are copied, so the packets may be views the caller reuses.
   */
  keep?: (nalType: number) => boolean;
}

const NONE: readonly Buffer[][] = Object.freeze([]);
const H264_STAP_A = 24;
const H264_FU_A = 28;
const H265_AP = 48;
const H265_FU = 49;

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
  /** With `keep`: a NAL unit of this unit was skipped, so the unit arrived even with nothing kept. */
  private skipped = false;
  private readonly keep: ((nalType: number) => boolean) | undefined;
  /** Access units dropped because one of their packets was lost or could not be depacketized. */
  accessUnitsDroppedTotal = 0;

  constructor(
    readonly codec: VideoCodec,
    private readonly payloadType: number,
    options: RtpAccessUnitsOptions = {},
  ) {
    this.depacketizer = codec === 'h264' ? new H264Depacketizer() : new H265Depacketizer();
    this.keep = options.keep;
  }

  /**
   * One RTP packet; returns the access units it completes (zero, one, or two when the timestamp
   * moved without a marker). Reads the header in place: no allocation for a packet that
   * completes nothing.
   */
  push(packet: Buffer): readonly Buffer[][] {
    const start = rtpPayloadStart(packet);
    const end = rtpPayloadEnd(packet, start);
    if ((packet[1]! & 0x7f) !== this.payloadType) return NONE;
    const sequenceNumber = packet.readUInt16BE(2);
    const timestamp = packet.readUInt32BE(4);
    let done: Buffer[][] | undefined;
    if (this.nextSequence >= 0 && sequenceNumber !== this.nextSequence) {
      this.depacketizer.reset();
      this.damaged = true;
    }
    this.nextSequence = (sequenceNumber + 1) & 0xffff;
    if (timestamp !== this.timestamp) {
      done = this.finish(done);
      this.timestamp = timestamp;
    }
    if (end > start) {
      try {
        if (this.keep === undefined)
          for (const nal of this.depacketizer.push(packet.subarray(start, end))) this.nals.push(nal);
        else this.pushKept(packet, start, end, this.keep);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        this.damaged = true;
      }
    }
    if ((packet[1]! & 0x80) !== 0) done = this.finish(done);
    return done ?? NONE;
  }

  /** Skips a single NAL unit or fragment of a type not kept without depacketizing it; copies what is kept. */
  private pushKept(packet: Buffer, start: number, end: number, keep: (nalType: number) => boolean): void {
    const type = this.codec === 'h264' ? packet[start]! & 0x1f : (packet[start]! >> 1) & 0x3f;
    const aggregated = this.codec === 'h264' ? type === H264_STAP_A : type === H265_AP;
    if (!aggregated) {
      const fragment = this.codec === 'h264' ? type === H264_FU_A : type === H265_FU;
      const single = this.codec === 'h264' ? type >= 1 && type < H264_STAP_A : type < H265_AP;
      // A fragment too short to carry data goes to the depacketizer, which refuses it.
      const whole = end - start >= (this.codec === 'h264' ? 3 : 4);
      const nalType = fragment ? (this.codec === 'h264' ? packet[start + 1]! & 0x1f : packet[start + 2]! & 0x3f) : type;
      if (((fragment && whole) || single) && !keep(nalType)) {
        // What the depacketizer would do with it: a new NAL unit abandons a partial one.
        this.depacketizer.reset();
        this.skipped = true;
        return;
      }
    }
    for (const nal of this.depacketizer.push(packet.subarray(start, end))) {
      if (keep(this.codec === 'h264' ? nal[0]! & 0x1f : (nal[0]! >> 1) & 0x3f)) this.nals.push(Buffer.from(nal));
      else this.skipped = true;
    }
  }

  /** Ends the unit; returns `done` with it added when it is whole. */
  private finish(done: Buffer[][] | undefined): Buffer[][] | undefined {
    if (!this.synced) {
      this.synced = this.timestamp >= 0;
    } else if (this.damaged) {
      this.accessUnitsDroppedTotal++;
    } else if (this.nals.length > 0 || this.skipped) {
      (done ??= []).push(this.nals);
    }
    this.nals = [];
    this.skipped = false;
    this.damaged = false;
    this.depacketizer.reset();
    return done;
  }
}
