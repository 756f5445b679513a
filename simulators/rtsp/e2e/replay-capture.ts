import { decodeRtpPacket } from '../../../media/rtp/rtp-header.ts';
import { type OnvifReplayExtension, decodeOnvifReplayExtension } from '../../../media/rtp/onvif-replay-extension.ts';
import { type SeiStamp, decodeSeiNal } from '../../../media/sei/sei-stamp.ts';

/** One replayed access unit as a client sees it: the SEI packet that opens it, and its packets' headers. */
export interface ReplayedUnit {
  stamp: SeiStamp;
  /** The 0xABAC extension of the AU's first packet. */
  ext: OnvifReplayExtension;
  /** Every packet's extension flags agree with the first's (the flags describe the access unit). */
  flagsAgree: boolean;
  firstSeq: number;
  timestamp: number;
  packets: number;
}

/**
 * Collects replayed access units from RTP packets (an RtspReader's onRtpPacket): each camlab AU
 * starts with its SEI packet; every packet must carry the ONVIF replay extension.
 */
export class ReplayCapture {
  readonly units: ReplayedUnit[] = [];
  /** Packets without the 0xABAC extension (a replay must have none). */
  packetsWithoutExtension = 0;
  /** Sequence numbers that did not follow the one before (a replay must have none). */
  sequenceBreaks = 0;
  private lastSeq = -1;

  readonly onRtpPacket = (packet: Buffer): void => {
    const { header, payload } = decodeRtpPacket(packet);
    if (this.lastSeq >= 0 && header.sequenceNumber !== ((this.lastSeq + 1) & 0xffff)) this.sequenceBreaks++;
    this.lastSeq = header.sequenceNumber;
    if (header.extension === undefined) {
      this.packetsWithoutExtension++;
      return;
    }
    const ext = decodeOnvifReplayExtension(header.extension);
    const stamp = (payload[0]! & 0x1f) === 6 ? decodeSeiNal('h264', Buffer.from(payload)) : undefined;
    if (stamp !== undefined) {
      this.units.push({
        stamp,
        ext,
        flagsAgree: true,
        firstSeq: header.sequenceNumber,
        timestamp: header.timestamp,
        packets: 1,
      });
      return;
    }
    const unit = this.units.at(-1);
    if (unit === undefined) return;
    unit.packets++;
    const e = unit.ext;
    if (
      ext.ntpMs !== e.ntpMs ||
      ext.cleanPoint !== e.cleanPoint ||
      ext.discontinuity !== e.discontinuity ||
      ext.endOfSection !== e.endOfSection ||
      ext.terminal !== e.terminal ||
      ext.cseq !== e.cseq
    )
      unit.flagsAgree = false;
  };

  /** Capture instants of the units, relative to `t0`. */
  captures(t0: number): number[] {
    return this.units.map((u) => u.stamp.sendTimeMs - t0);
  }
}
