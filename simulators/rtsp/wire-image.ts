import type { PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import { RTP_HEADER_BYTES } from '../../media/rtp/rtp-header.ts';

/** Bytes of the "$ channel length" prefix of an interleaved packet (RFC 2326 §10.12). */
export const INTERLEAVED_PREFIX_BYTES = 4;

/**
 * A frame's packets laid out once as they go on an RTSP/TCP connection: "$", channel 0, length,
 * RTP header (version, payload type, marker on the last packet; sequence number, timestamp and
 * SSRC zero), payload. A TCP session copies the whole image with one memcpy and patches the
 * per-session fields at packetOffsets, instead of assembling dozens of packets per frame.
 * Shared by every session; never modified after it is built.
 */
export interface WireImage {
  bytes: Buffer;
  /** Offset of each packet's "$" in bytes. */
  packetOffsets: Uint32Array;
}

export function buildWireImage(frame: PacketizedFrame, payloadType: number): WireImage {
  const n = frame.payloads.length;
  const bytes = Buffer.alloc(frame.bytes + n * (INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES));
  const packetOffsets = new Uint32Array(n);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const payload = frame.payloads[i]!;
    packetOffsets[i] = o;
    bytes[o] = 0x24;
    bytes.writeUInt16BE(RTP_HEADER_BYTES + payload.length, o + 2);
    bytes[o + 4] = 0x80;
    bytes[o + 5] = (i === n - 1 ? 0x80 : 0) | (payloadType & 0x7f);
    payload.copy(bytes, o + INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES);
    o += INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES + payload.length;
  }
  return { bytes, packetOffsets };
}
