import { ParseError } from '../../media/errors/parse-error.ts';

/** RTCP sender reports out, receiver reports in (RFC 3550 §6.4). Pure. */

const NTP_EPOCH_OFFSET_S = 2_208_988_800;
const PT_SR = 200;
const PT_RR = 201;
const PT_SDES = 202;
const PT_BYE = 203;
const MAX_PACKETS = 16;

export interface SenderReportInput {
  ssrc: number;
  /** Wall time the report describes, epoch ms. */
  ntpMs: number;
  /** RTP timestamp of the same instant. */
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  cname: string;
}

/** A compound packet: SR followed by SDES with the CNAME, as RFC 3550 §6.1 requires. */
export function encodeSenderReport(r: SenderReportInput): Buffer {
  const cname = Buffer.from(r.cname.slice(0, 255), 'utf8');
  // SDES chunk: SSRC, CNAME item (type, length, text), END, padded to 32 bits.
  const chunkBytes = 4 + 2 + cname.length + 1;
  const sdesBytes = 4 + Math.ceil(chunkBytes / 4) * 4;
  const buf = Buffer.alloc(28 + sdesBytes);
  buf[0] = 0x80;
  buf[1] = PT_SR;
  buf.writeUInt16BE(6, 2);
  buf.writeUInt32BE(r.ssrc >>> 0, 4);
  const seconds = Math.floor(r.ntpMs / 1000);
  buf.writeUInt32BE((seconds + NTP_EPOCH_OFFSET_S) >>> 0, 8);
  buf.writeUInt32BE(Math.floor(((r.ntpMs - seconds * 1000) / 1000) * 0x1_0000_0000) >>> 0, 12);
  buf.writeUInt32BE(r.rtpTimestamp >>> 0, 16);
  buf.writeUInt32BE(r.packetCount >>> 0, 20);
  buf.writeUInt32BE(r.octetCount >>> 0, 24);
  buf[28] = 0x81;
  buf[29] = PT_SDES;
  buf.writeUInt16BE(sdesBytes / 4 - 1, 30);
  buf.writeUInt32BE(r.ssrc >>> 0, 32);
  buf[36] = 1;
  buf[37] = cname.length;
  cname.copy(buf, 38);
  return buf;
}

export interface ReportBlock {
  ssrc: number;
  fractionLost: number;
  cumulativeLost: number;
  highestSeq: number;
  jitter: number;
}

export type RtcpPacket =
  | {
      type: 'sr';
      ssrc: number;
      ntpMs: number;
      rtpTimestamp: number;
      packetCount: number;
      octetCount: number;
      reports: ReportBlock[];
    }
  | { type: 'rr'; ssrc: number; reports: ReportBlock[] }
  | { type: 'sdes' | 'bye' | 'other'; payloadType: number };

function reportBlocks(buf: Buffer, offset: number, count: number, end: number): ReportBlock[] {
  if (offset + count * 24 > end) throw new ParseError(`${count} report blocks overrun the packet`);
  const out: ReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const o = offset + i * 24;
    const lost = buf.readUIntBE(o + 5, 3);
    out.push({
      ssrc: buf.readUInt32BE(o),
      fractionLost: buf[o + 4]! / 256,
      cumulativeLost: lost & 0x80_0000 ? lost - 0x100_0000 : lost,
      highestSeq: buf.readUInt32BE(o + 8),
      jitter: buf.readUInt32BE(o + 12),
    });
  }
  return out;
}

/** Parses a compound RTCP packet; throws ParseError on anything malformed. */
export function parseRtcpCompound(buf: Buffer): RtcpPacket[] {
  const out: RtcpPacket[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (out.length >= MAX_PACKETS) throw new ParseError(`more than ${MAX_PACKETS} packets in one compound`);
    if (buf.length - offset < 4) throw new ParseError(`truncated RTCP header at ${offset}`);
    const b0 = buf[offset]!;
    if (b0 >> 6 !== 2) throw new ParseError(`RTCP version ${b0 >> 6}, expected 2`);
    const count = b0 & 0x1f;
    const pt = buf[offset + 1]!;
    const end = offset + (buf.readUInt16BE(offset + 2) + 1) * 4;
    if (end > buf.length)
      throw new ParseError(`RTCP packet length ${end - offset} overruns ${buf.length - offset} bytes`);
    if (pt === PT_SR) {
      if (end - offset < 28) throw new ParseError('SR shorter than 28 bytes');
      const ntpS = buf.readUInt32BE(offset + 8) - NTP_EPOCH_OFFSET_S;
      const ntpMs = ntpS * 1000 + Math.round((buf.readUInt32BE(offset + 12) / 0x1_0000_0000) * 1000);
      out.push({
        type: 'sr',
        ssrc: buf.readUInt32BE(offset + 4),
        ntpMs,
        rtpTimestamp: buf.readUInt32BE(offset + 16),
        packetCount: buf.readUInt32BE(offset + 20),
        octetCount: buf.readUInt32BE(offset + 24),
        reports: reportBlocks(buf, offset + 28, count, end),
      });
    } else if (pt === PT_RR) {
      if (end - offset < 8) throw new ParseError('RR shorter than 8 bytes');
      out.push({ type: 'rr', ssrc: buf.readUInt32BE(offset + 4), reports: reportBlocks(buf, offset + 8, count, end) });
    } else {
      out.push({ type: pt === PT_SDES ? 'sdes' : pt === PT_BYE ? 'bye' : 'other', payloadType: pt });
    }
    offset = end;
  }
  return out;
}

/** A receiver report with one block, as a client sends it (used by the in-repo reader). */
export function encodeReceiverReport(reporterSsrc: number, block: ReportBlock): Buffer {
  const buf = Buffer.alloc(32);
  buf[0] = 0x81;
  buf[1] = PT_RR;
  buf.writeUInt16BE(7, 2);
  buf.writeUInt32BE(reporterSsrc >>> 0, 4);
  buf.writeUInt32BE(block.ssrc >>> 0, 8);
  buf[12] = Math.min(255, Math.floor(block.fractionLost * 256));
  buf.writeUIntBE(block.cumulativeLost & 0xff_ffff, 13, 3);
  buf.writeUInt32BE(block.highestSeq >>> 0, 16);
  buf.writeUInt32BE(block.jitter >>> 0, 20);
  return buf;
}
