import { ParseError } from '../errors/parse-error.ts';
import { H265NalType } from '../h265/nal-header.ts';
import { FragmentReassembler, splitAggregated } from './fragment-reassembler.ts';

const NO_NALS: readonly Buffer[] = Object.freeze([]);

/**
 * Reassembles H.265 NAL units from RTP payloads (RFC 7798 without DONL: single NAL unit,
 * aggregation packets, fragmentation units). Fragments are joined once at the end fragment.
 * Input buffers are never modified.
 */
export class H265Depacketizer {
  private readonly fragments = new FragmentReassembler();
  /** The rebuilt two-byte NAL header of the unit being reassembled. */
  private fragmentHeader = 0;

  /** FU runs abandoned because their end never arrived. */
  get fragmentsDroppedTotal(): number {
    return this.fragments.droppedTotal;
  }

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
      this.fragments.abandon();
      return splitAggregated(payload, 2, 2, 'aggregation packet');
    }
    if (type === H265NalType.fragmentationUnit) {
      return this.pushFragment(payload);
    }
    if (type > H265NalType.fragmentationUnit) {
      throw new ParseError(`unsupported H.265 RTP packet type ${type}`, 0);
    }
    this.fragments.abandon();
    return [payload];
  }

  private pushFragment(payload: Buffer): readonly Buffer[] {
    if (payload.length < 4) {
      throw new ParseError(`FU of ${payload.length} bytes has no data`, 0);
    }
    const fuHeader = payload[2] as number;
    if ((fuHeader & 0x80) !== 0) {
      this.fragments.abandon();
      const header0 = ((payload[0] as number) & 0x81) | ((fuHeader & 0x3f) << 1);
      this.fragmentHeader = (header0 << 8) | (payload[1] as number);
    } else if (!this.fragments.inProgress) {
      throw new ParseError('FU continuation without its start fragment', 2);
    }
    this.fragments.append(payload.subarray(3));
    return (fuHeader & 0x40) === 0 ? NO_NALS : [this.fragments.finish(this.fragmentHeader, 2)];
  }

  /** Forgets a partial FU (call after a sequence-number gap). */
  reset(): void {
    this.fragments.abandon();
  }
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
