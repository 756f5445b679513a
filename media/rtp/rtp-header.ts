import { ParseError } from '../errors/parse-error.ts';

/** The fixed RTP header (RFC 3550 §5.1) without CSRCs or extension. */
export const RTP_HEADER_BYTES = 12;
const RTP_VERSION = 2;

export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  padding: boolean;
  csrcs: number[];
  /** Header extension (RFC 3550 §5.3.1), when the X bit is set. */
  extension: { profile: number; data: Buffer } | undefined;
}

export interface RtpPacket {
  header: RtpHeader;
  /** The payload without header, extension or padding; a view into the input. */
  payload: Buffer;
}

/** Encodes a full header (for tests and readers; senders patch a template instead). */
export function encodeRtpHeader(header: RtpHeader): Buffer {
  if (header.csrcs.length > 15) {
    throw new ParseError(`${header.csrcs.length} CSRCs exceed the RTP limit of 15`);
  }
  if (header.extension !== undefined && header.extension.data.length % 4 !== 0) {
    throw new ParseError(`RTP extension of ${header.extension.data.length} bytes is not a multiple of 4`);
  }
  const extensionBytes = header.extension === undefined ? 0 : 4 + header.extension.data.length;
  const out = Buffer.alloc(RTP_HEADER_BYTES + header.csrcs.length * 4 + extensionBytes);
  out[0] =
    (RTP_VERSION << 6) |
    (header.padding ? 0x20 : 0) |
    (header.extension === undefined ? 0 : 0x10) |
    header.csrcs.length;
  out[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  out.writeUInt16BE(header.sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(header.timestamp >>> 0, 4);
  out.writeUInt32BE(header.ssrc >>> 0, 8);
  let offset = RTP_HEADER_BYTES;
  for (const csrc of header.csrcs) {
    out.writeUInt32BE(csrc >>> 0, offset);
    offset += 4;
  }
  if (header.extension !== undefined) {
    out.writeUInt16BE(header.extension.profile & 0xffff, offset);
    out.writeUInt16BE(header.extension.data.length / 4, offset + 2);
    header.extension.data.copy(out, offset + 4);
  }
  return out;
}

/**
 * Where an RTP packet's payload starts (after CSRCs and header extension), every length checked
 * as decodeRtpPacket checks it; no allocation, for readers that look at the fields in place.
 */
export function rtpPayloadStart(packet: Buffer): number {
  if (packet.length < RTP_HEADER_BYTES) {
    throw new ParseError(`RTP packet of ${packet.length} bytes is shorter than its 12-byte header`, 0);
  }
  const b0 = packet[0] as number;
  if (b0 >>> 6 !== RTP_VERSION) {
    throw new ParseError(`RTP version ${b0 >>> 6}, expected 2`, 0);
  }
  const csrcCount = b0 & 0x0f;
  let offset = RTP_HEADER_BYTES + csrcCount * 4;
  if (packet.length < offset) {
    throw new ParseError(`RTP packet too short for ${csrcCount} CSRCs`, RTP_HEADER_BYTES);
  }
  if ((b0 & 0x10) !== 0) {
    if (packet.length < offset + 4) {
      throw new ParseError('RTP packet too short for its extension header', offset);
    }
    const length = packet.readUInt16BE(offset + 2) * 4;
    if (packet.length < offset + 4 + length) {
      throw new ParseError(`RTP extension of ${length} bytes overruns the packet`, offset);
    }
    offset += 4 + length;
  }
  return offset;
}

/** Where the payload of a packet whose payload starts at `start` ends (before its padding). */
export function rtpPayloadEnd(packet: Buffer, start: number): number {
  if (((packet[0] as number) & 0x20) === 0) return packet.length;
  const padBytes = packet[packet.length - 1] as number;
  if (padBytes === 0 || padBytes > packet.length - start) {
    throw new ParseError(`RTP padding of ${padBytes} bytes is invalid`, packet.length - 1);
  }
  return packet.length - padBytes;
}

/** Decodes one RTP packet. Checks every length before reading. */
export function decodeRtpPacket(packet: Buffer): RtpPacket {
  const offset = rtpPayloadStart(packet);
  const end = rtpPayloadEnd(packet, offset);
  const b0 = packet[0] as number;
  const b1 = packet[1] as number;
  const csrcCount = b0 & 0x0f;
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) {
    csrcs.push(packet.readUInt32BE(RTP_HEADER_BYTES + i * 4));
  }
  let extension: RtpHeader['extension'];
  if ((b0 & 0x10) !== 0) {
    const at = RTP_HEADER_BYTES + csrcCount * 4;
    extension = { profile: packet.readUInt16BE(at), data: packet.subarray(at + 4, offset) };
  }
  const padding = (b0 & 0x20) !== 0;
  return {
    header: {
      marker: (b1 & 0x80) !== 0,
      payloadType: b1 & 0x7f,
      sequenceNumber: packet.readUInt16BE(2),
      timestamp: packet.readUInt32BE(4),
      ssrc: packet.readUInt32BE(8),
      padding,
      csrcs,
      extension,
    },
    payload: packet.subarray(offset, end),
  };
}

/**
 * A 12-byte header with version, payload type and SSRC filled in. A session keeps one per
 * stream and patches sequence number, timestamp and marker per packet with patchRtpHeader.
 */
export function createRtpHeaderTemplate(payloadType: number, ssrc: number): Buffer {
  const header = Buffer.alloc(RTP_HEADER_BYTES);
  header[0] = RTP_VERSION << 6;
  header[1] = payloadType & 0x7f;
  header.writeUInt32BE(ssrc >>> 0, 8);
  return header;
}

/**
 * Writes marker, sequence number and timestamp into a header at `offset` of `target` (a
 * template, or a copy of one inside a larger write buffer). No allocation: safe per packet.
 */
export function patchRtpHeader(
  target: Buffer,
  offset: number,
  marker: boolean,
  sequenceNumber: number,
  timestamp: number,
): void {
  target[offset + 1] = (marker ? 0x80 : 0) | ((target[offset + 1] as number) & 0x7f);
  target.writeUInt16BE(sequenceNumber & 0xffff, offset + 2);
  target.writeUInt32BE(timestamp >>> 0, offset + 4);
}

/** Writes a complete 12-byte header at `offset` of `target`. No allocation: safe per packet. */
export function writeRtpHeader(
  target: Buffer,
  offset: number,
  payloadType: number,
  marker: boolean,
  sequenceNumber: number,
  timestamp: number,
  ssrc: number,
): void {
  target[offset] = RTP_VERSION << 6;
  target[offset + 1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  target.writeUInt16BE(sequenceNumber & 0xffff, offset + 2);
  target.writeUInt32BE(timestamp >>> 0, offset + 4);
  target.writeUInt32BE(ssrc >>> 0, offset + 8);
}
