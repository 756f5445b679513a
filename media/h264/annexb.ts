import { ParseError } from '../errors/parse-error.ts';

/**
 * Annex-B byte streams (H.264 Annex B, H.265 Annex B — the same framing): NAL units each
 * preceded by a 00 00 01 or 00 00 00 01 start code.
 */

const START_CODE = Buffer.from([0, 0, 1]);
const START_CODE_4 = Buffer.from([0, 0, 0, 1]);

/**
 * Splits an Annex-B stream into NAL units (views into `stream`, no copies, start codes removed).
 * Leading zero bytes and trailing_zero_8bits are dropped, and so are empty NAL units. A stream
 * that has bytes before its first start code is not Annex-B: ParseError.
 */
export function splitAnnexB(stream: Buffer): Buffer[] {
  const nals: Buffer[] = [];
  let start = stream.indexOf(START_CODE);
  if (start < 0) {
    if (stream.some((b) => b !== 0)) {
      throw new ParseError('no Annex-B start code', 0);
    }
    return nals;
  }
  for (let i = 0; i < start; i++) {
    if (stream[i] !== 0) {
      throw new ParseError('bytes before the first Annex-B start code', i);
    }
  }
  start += 3;
  while (start <= stream.length) {
    const next = stream.indexOf(START_CODE, start);
    let end = next < 0 ? stream.length : next;
    while (end > start && stream[end - 1] === 0) {
      end--;
    }
    if (end > start) {
      nals.push(stream.subarray(start, end));
    }
    if (next < 0) {
      break;
    }
    start = next + 3;
  }
  return nals;
}

/** Joins NAL units into an Annex-B stream with 4-byte start codes (the inverse of splitAnnexB). */
export function joinAnnexB(nals: readonly Buffer[]): Buffer {
  let length = 0;
  for (const nal of nals) {
    length += 4 + nal.length;
  }
  const out = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const nal of nals) {
    START_CODE_4.copy(out, offset);
    nal.copy(out, offset + 4);
    offset += 4 + nal.length;
  }
  return out;
}
