import { ParseError } from '../errors/parse-error.ts';
import { H264NalType } from '../h264/nal-unit-type.ts';

/** A reassembled NAL unit larger than this is not a camera stream (H.264 level 6.2 frames are far smaller). */
export const MAX_REASSEMBLED_NAL_BYTES = 8 * 1024 * 1024;

const NO_NALS: readonly Buffer[] = Object.freeze([]);

/**
 * Reassembles H.264 NAL units from RTP payloads (RFC 6184: single NAL unit, STAP-A, FU-A).
 * FU-A fragments are collected as views and joined once at the end fragment, like gortsplib's
 * rtph264 decoder. A fragment whose start was lost throws ParseError; the next start fragment
 * recovers. Input buffers are never modified.
 */
export class H264Depacketizer {
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;
  private fragmentHeader = 0;
  /** FU-A runs abandoned because their end never arrived. */
  fragmentsDroppedTotal = 0;

  /** Feeds one RTP payload; returns the NAL units it completes (often none for FU-A). */
  push(payload: Buffer): readonly Buffer[] {
    if (payload.length < 1) {
      throw new ParseError('empty H.264 RTP payload', 0);
    }
    const type = (payload[0] as number) & 0x1f;
    if (type >= 1 && type <= 23) {
      this.abandonFragments();
      return [payload];
    }
    if (type === H264NalType.stapA) {
      this.abandonFragments();
      return splitStapA(payload);
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
    const start = (fuHeader & 0x80) !== 0;
    const end = (fuHeader & 0x40) !== 0;
    if (start) {
      this.abandonFragments();
      this.fragmentHeader = ((payload[0] as number) & 0xe0) | (fuHeader & 0x1f);
    } else if (this.fragments.length === 0) {
      throw new ParseError('FU-A continuation without its start fragment', 1);
    }
    this.fragmentBytes += payload.length - 2;
    if (this.fragmentBytes > MAX_REASSEMBLED_NAL_BYTES) {
      this.abandonFragments();
      throw new ParseError(`reassembled NAL unit exceeds ${MAX_REASSEMBLED_NAL_BYTES} bytes`);
    }
    this.fragments.push(payload.subarray(2));
    if (!end) {
      return NO_NALS;
    }
    const nal = Buffer.allocUnsafe(1 + this.fragmentBytes);
    nal[0] = this.fragmentHeader;
    let offset = 1;
    for (const fragment of this.fragments) {
      fragment.copy(nal, offset);
      offset += fragment.length;
    }
    this.fragments = [];
    this.fragmentBytes = 0;
    return [nal];
  }

  /** Forgets a partial FU-A (call after a sequence-number gap). */
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

function splitStapA(payload: Buffer): Buffer[] {
  const nals: Buffer[] = [];
  let offset = 1;
  while (offset < payload.length) {
    if (offset + 2 > payload.length) {
      throw new ParseError('STAP-A ends inside a NAL unit size', offset);
    }
    const size = payload.readUInt16BE(offset);
    offset += 2;
    if (size === 0 || offset + size > payload.length) {
      throw new ParseError(`STAP-A NAL unit of ${size} bytes overruns the packet`, offset);
    }
    nals.push(payload.subarray(offset, offset + size));
    offset += size;
  }
  if (nals.length === 0) {
    throw new ParseError('STAP-A carries no NAL unit', 0);
  }
  return nals;
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
