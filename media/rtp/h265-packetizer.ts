import { H265NalType } from '../h265/nal-header.ts';
import { MAX_RTP_PAYLOAD_BYTES } from './max-payload.ts';

/** PayloadHdr (2 bytes) + FU header (1 byte), RFC 7798 §4.4.3. */
const FU_HEADER_BYTES = 3;

/**
 * RFC 7798 without DONL (sprop-max-don-diff = 0): each NAL unit becomes a single NAL unit packet
 * when it fits, otherwise fragmentation units. The caller sets the marker bit on the last
 * payload of the access unit.
 */
export function packetizeH265AccessUnit(
  nals: readonly Buffer[],
  maxPayloadBytes: number = MAX_RTP_PAYLOAD_BYTES,
): Buffer[] {
  if (maxPayloadBytes <= FU_HEADER_BYTES) {
    throw new RangeError(`max payload ${maxPayloadBytes} leaves no room for FU data`);
  }
  const payloads: Buffer[] = [];
  for (const nal of nals) {
    if (nal.length < 2) {
      continue;
    }
    if (nal.length <= maxPayloadBytes) {
      payloads.push(nal);
      continue;
    }
    const b0 = nal[0] as number;
    const b1 = nal[1] as number;
    const type = (b0 >>> 1) & 0x3f;
    const payloadHdr0 = (b0 & 0x81) | (H265NalType.fragmentationUnit << 1);
    const chunk = maxPayloadBytes - FU_HEADER_BYTES;
    const count = Math.ceil((nal.length - 2) / chunk);
    // One allocation per NAL unit; the fragments are views into it.
    const slab = Buffer.allocUnsafe(count * FU_HEADER_BYTES + nal.length - 2);
    let at = 0;
    for (let offset = 2; offset < nal.length; offset += chunk) {
      const end = Math.min(offset + chunk, nal.length);
      slab[at] = payloadHdr0;
      slab[at + 1] = b1;
      slab[at + 2] = (offset === 2 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | type;
      nal.copy(slab, at + FU_HEADER_BYTES, offset, end);
      const fragmentBytes = FU_HEADER_BYTES + end - offset;
      payloads.push(slab.subarray(at, at + fragmentBytes));
      at += fragmentBytes;
    }
  }
  return payloads;
}
