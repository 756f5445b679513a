import { ParseError } from '../errors/parse-error.ts';
import { H265NalType } from '../h265/nal-header.ts';
import { MAX_REASSEMBLED_NAL_BYTES } from './h264-depacketizer.ts';

const NO_NALS: readonly Buffer[] = Object.freeze([]);

/**
 * Reassembles H.265 NAL units from RTP payloads (RFC 7798 without DONL: single NAL unit,
 * aggregation packets, fragmentation units). Fragments are joined once at the end fragment.
 * Input buffers are never modified.
 */
export class H265Depacketizer {
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;
  private header0 = 0;
  private header1 = 0;
  /** FU runs abandoned because their end never arrived. */
  fragmentsDroppedTotal = 0;

  /** Feeds one RTP payload; returns the NAL units it completes (often none for FUs). */
  push(payload: Buffer): readonly Buffer[] {
    if (payload.length < 2) {
      throw new ParseError(`H.265 RTP payload of ${payload.length} bytes has no header`, 0);
    }
    if (((payload[0] as number) & 0x80) !== 0) {
      throw new ParseError('forbidden_zero_bit is set in the payload header', 0);
    }
    const type = ((payload[0] as number) >>> 1) & 0x3f;
    if (type === H265NalType.aggregationPacket) {
      this.abandonFragments();
      return splitAggregationPacket(payload);
    }
    if (type === H265NalType.fragmentationUnit) {
      return this.pushFragment(payload);
    }
    if (type > H265NalType.fragmentationUnit) {
      throw new ParseError(`unsupported H.265 RTP packet type ${type}`, 0);
    }
    this.abandonFragments();
    return [payload];
  }

  private pushFragment(payload: Buffer): readonly Buffer[] {
    if (payload.length < 4) {
      throw new ParseError(`FU of ${payload.length} bytes has no data`, 0);
    }
    const fuHeader = payload[2] as number;
    const start = (fuHeader & 0x80) !== 0;
    const end = (fuHeader & 0x40) !== 0;
    if (start) {
      this.abandonFragments();
      this.header0 = ((payload[0] as number) & 0x81) | ((fuHeader & 0x3f) << 1);
      this.header1 = payload[1] as number;
    } else if (this.fragments.length === 0) {
      throw new ParseError('FU continuation without its start fragment', 2);
    }
    this.fragmentBytes += payload.length - 3;
    if (this.fragmentBytes > MAX_REASSEMBLED_NAL_BYTES) {
      this.abandonFragments();
      throw new ParseError(`reassembled NAL unit exceeds ${MAX_REASSEMBLED_NAL_BYTES} bytes`);
    }
    this.fragments.push(payload.subarray(3));
    if (!end) {
      return NO_NALS;
    }
    const nal = Buffer.allocUnsafe(2 + this.fragmentBytes);
    nal[0] = this.header0;
    nal[1] = this.header1;
    let offset = 2;
    for (const fragment of this.fragments) {
      fragment.copy(nal, offset);
      offset += fragment.length;
    }
    this.fragments = [];
    this.fragmentBytes = 0;
    return [nal];
  }

  /** Forgets a partial FU (call after a sequence-number gap). */
  reset(): void {
    this.abandonFragments();
  }

  private abandonFragments(): void {
    if (this.fragments.length > 0) {
      this.fragmentsDroppedTotal++;
      this.fragments = [];
    }
    this.fragmentBytes = 0;
  }
}

function splitAggregationPacket(payload: Buffer): Buffer[] {
  const nals: Buffer[] = [];
  let offset = 2;
  while (offset < payload.length) {
    if (offset + 2 > payload.length) {
      throw new ParseError('aggregation packet ends inside a NAL unit size', offset);
    }
    const size = payload.readUInt16BE(offset);
    offset += 2;
    if (size < 2 || offset + size > payload.length) {
      throw new ParseError(`aggregated NAL unit of ${size} bytes overruns the packet`, offset);
    }
    nals.push(payload.subarray(offset, offset + size));
    offset += size;
  }
  if (nals.length === 0) {
    throw new ParseError('aggregation packet carries no NAL unit', 0);
  }
  return nals;
}

/** Depacketizes the payloads of one access unit. */
export function depacketizeH265AccessUnit(payloads: readonly Buffer[]): Buffer[] {
  const depacketizer = new H265Depacketizer();
  const nals: Buffer[] = [];
  for (const payload of payloads) {
    nals.push(...depacketizer.push(payload));
  }
  return nals;
}
