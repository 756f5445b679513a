import { ParseError } from '../errors/parse-error.ts';

/** A reassembled NAL unit larger than this is not a camera stream (H.264 level 6.2 frames are far smaller). */
export const MAX_REASSEMBLED_NAL_BYTES = 8 * 1024 * 1024;

/**
 * Collects the fragments of one NAL unit (H.264 FU-A, H.265 FU) as views and joins them once
 * at the end fragment, like gortsplib's decoders, so a frame is copied a single time.
 */
export class FragmentReassembler {
  private fragments: Buffer[] = [];
  private bytes = 0;
  /** Runs abandoned because their end never arrived. */
  droppedTotal = 0;

  get inProgress(): boolean {
    return this.fragments.length > 0;
  }

  /** Adds one fragment's data (a view, not copied); throws when the unit outgrows the limit. */
  append(data: Buffer): void {
    this.bytes += data.length;
    if (this.bytes > MAX_REASSEMBLED_NAL_BYTES) {
      this.abandon();
      throw new ParseError(`reassembled NAL unit exceeds ${MAX_REASSEMBLED_NAL_BYTES} bytes`);
    }
    this.fragments.push(data);
  }

  /** Joins the fragments behind the rebuilt NAL header (`headerBytes` big-endian bytes of `header`). */
  finish(header: number, headerBytes: 1 | 2): Buffer {
    const nal = Buffer.allocUnsafe(headerBytes + this.bytes);
    nal.writeUIntBE(header, 0, headerBytes);
    let offset = headerBytes;
    for (const fragment of this.fragments) {
      fragment.copy(nal, offset);
      offset += fragment.length;
    }
    this.fragments = [];
    this.bytes = 0;
    return nal;
  }

  /** Forgets a partial unit, counting it when it held anything. */
  abandon(): void {
    if (this.fragments.length > 0) {
      this.droppedTotal++;
      this.fragments = [];
    }
    this.bytes = 0;
  }
}

/**
 * Splits an aggregation payload (H.264 STAP-A, H.265 AP): after `headerBytes` of payload
 * header, NAL units each preceded by a 16-bit size.
 */
export function splitAggregated(payload: Buffer, headerBytes: number, minNalBytes: number, kind: string): Buffer[] {
  const nals: Buffer[] = [];
  let offset = headerBytes;
  while (offset < payload.length) {
    if (offset + 2 > payload.length) {
      throw new ParseError(`${kind} ends inside a NAL unit size`, offset);
    }
    const size = payload.readUInt16BE(offset);
    offset += 2;
    if (size < minNalBytes || offset + size > payload.length) {
      throw new ParseError(`${kind} NAL unit of ${size} bytes overruns the packet`, offset);
    }
    nals.push(payload.subarray(offset, offset + size));
    offset += size;
  }
  if (nals.length === 0) {
    throw new ParseError(`${kind} carries no NAL unit`, 0);
  }
  return nals;
}
