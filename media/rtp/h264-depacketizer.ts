import { ParseError } from '../errors/parse-error.ts';
import { H264NalType } from '../h264/nal-unit-type.ts';
import { FragmentReassembler, splitAggregated } from './fragment-reassembler.ts';

const NO_NALS: readonly Buffer[] = Object.freeze([]);

/**
 * Reassembles H.264 NAL units from RTP payloads (RFC 6184: single NAL unit, STAP-A, FU-A).
 * FU-A fragments are collected as views and joined once at the end fragment, like gortsplib's
 * rtph264 decoder. A fragment whose start was lost throws ParseError; the next start fragment
 * recovers. Input buffers are never modified.
 */
export class H264Depacketizer {
  private readonly fragments = new FragmentReassembler();
  private fragmentHeader = 0;

  /** FU-A runs abandoned because their end never arrived. */
  get fragmentsDroppedTotal(): number {
    return this.fragments.droppedTotal;
  }

  /** Feeds one RTP payload; returns the NAL units it completes (often none for FU-A). */
  push(payload: Buffer): readonly Buffer[] {
    if (payload.length < 1) {
      throw new ParseError('empty H.264 RTP payload', 0);
    }
    const type = (payload[0] as number) & 0x1f;
    if (type >= 1 && type <= 23) {
      this.fragments.abandon();
      return [payload];
    }
    if (type === H264NalType.stapA) {
      this.fragments.abandon();
      return splitAggregated(payload, 1, 1, 'STAP-A');
    }
    if (type === H264NalType.fuA) {
      return this.pushFragment(payload);
    }
    throw new ParseError(`unsupported H.264 RTP packet type ${type}`, 0);
  }

  private pushFragment(payload: Buffer): readonly Buffer[] {
    if (payload.length < 3) {
      throw new ParseError(`FU-A of ${payload.length} bytes has no data`, 0);
    }
    const fuHeader = payload[1] as number;
    if ((fuHeader & 0x80) !== 0) {
      this.fragments.abandon();
      this.fragmentHeader = ((payload[0] as number) & 0xe0) | (fuHeader & 0x1f);
    } else if (!this.fragments.inProgress) {
      throw new ParseError('FU-A continuation without its start fragment', 1);
    }
    this.fragments.append(payload.subarray(2));
    return (fuHeader & 0x40) === 0 ? NO_NALS : [this.fragments.finish(this.fragmentHeader, 1)];
  }

  /** Forgets a partial FU-A (call after a sequence-number gap). */
  reset(): void {
    this.fragments.abandon();
  }
}

/** Depacketizes the payloads of one access unit (tests and readers that already grouped by marker). */
export function depacketizeH264AccessUnit(payloads: readonly Buffer[]): Buffer[] {
  const depacketizer = new H264Depacketizer();
  const nals: Buffer[] = [];
  for (const payload of payloads) {
    nals.push(...depacketizer.push(payload));
  }
  return nals;
}
