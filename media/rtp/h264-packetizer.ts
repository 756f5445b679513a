import { H264NalType } from '../h264/nal-unit-type.ts';
import { MAX_RTP_PAYLOAD_BYTES } from './max-payload.ts';

/** FU indicator + FU header (RFC 6184 §5.8). */
const FU_A_HEADER_BYTES = 2;

/**
 * RFC 6184 non-interleaved mode: each NAL unit of an access unit becomes one single NAL unit
 * packet when it fits, otherwise FU-A fragments. Returns the payloads in order; the caller sets
 * the marker bit on the last payload of the access unit. Small NAL units stay views into the
 * input; the fragments of a NAL unit share one new buffer, built once per clip.
 */
export function packetizeH264AccessUnit(
  nals: readonly Buffer[],
  maxPayloadBytes: number = MAX_RTP_PAYLOAD_BYTES,
): Buffer[] {
  if (maxPayloadBytes <= FU_A_HEADER_BYTES) {
    throw new RangeError(`max payload ${maxPayloadBytes} leaves no room for FU-A data`);
  }
  const payloads: Buffer[] = [];
  for (const nal of nals) {
    if (nal.length === 0) {
      continue;
    }
    if (nal.length <= maxPayloadBytes) {
      payloads.push(nal);
      continue;
    }
    const header = nal[0] as number;
    const indicator = (header & 0xe0) | H264NalType.fuA;
    const type = header & 0x1f;
    const chunk = maxPayloadBytes - FU_A_HEADER_BYTES;
    const count = Math.ceil((nal.length - 1) / chunk);
    // One allocation per NAL unit; the fragments are views into it.
    const slab = Buffer.allocUnsafe(count * FU_A_HEADER_BYTES + nal.length - 1);
    let at = 0;
    for (let offset = 1; offset < nal.length; offset += chunk) {
      const end = Math.min(offset + chunk, nal.length);
      slab[at] = indicator;
      slab[at + 1] = (offset === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | type;
      nal.copy(slab, at + FU_A_HEADER_BYTES, offset, end);
      const fragmentBytes = FU_A_HEADER_BYTES + end - offset;
      payloads.push(slab.subarray(at, at + fragmentBytes));
      at += fragmentBytes;
    }
  }
  return payloads;
}
