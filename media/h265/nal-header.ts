import { ParseError } from '../errors/parse-error.ts';

/** H.265 NAL unit types (H.265 Table 7-1) that camlab treats specially. */
export const H265NalType = {
  /** IRAP pictures are types 16..23 (BLA, IDR, CRA and reserved IRAP). */
  firstIrap: 16,
  lastIrap: 23,
  idrWRadl: 19,
  idrNLp: 20,
  cra: 21,
  vps: 32,
  sps: 33,
  pps: 34,
  accessUnitDelimiter: 35,
  endOfSequence: 36,
  endOfBitstream: 37,
  filler: 38,
  prefixSei: 39,
  suffixSei: 40,
  /** RFC 7798 §4.4.2 aggregation packet. */
  aggregationPacket: 48,
  /** RFC 7798 §4.4.3 fragmentation unit. */
  fragmentationUnit: 49,
} as const;

/** The two-byte H.265 NAL unit header (H.265 §7.3.1.2). */
export interface H265NalHeader {
  type: number;
  layerId: number;
  temporalIdPlusOne: number;
}

export const H265_NAL_HEADER_BYTES = 2;

export function decodeH265NalHeader(nal: Buffer): H265NalHeader {
  if (nal.length < H265_NAL_HEADER_BYTES) {
    throw new ParseError(`H.265 NAL unit of ${nal.length} bytes has no 2-byte header`, 0);
  }
  const b0 = nal[0] as number;
  const b1 = nal[1] as number;
  if ((b0 & 0x80) !== 0) {
    throw new ParseError('forbidden_zero_bit is set', 0);
  }
  return { type: (b0 >>> 1) & 0x3f, layerId: ((b0 & 1) << 5) | (b1 >>> 3), temporalIdPlusOne: b1 & 7 };
}

/** Writes a NAL unit header at `offset` of `target`. */
export function encodeH265NalHeader(header: H265NalHeader, target: Buffer, offset: number): void {
  target[offset] = ((header.type & 0x3f) << 1) | ((header.layerId >>> 5) & 1);
  target[offset + 1] = ((header.layerId & 0x1f) << 3) | (header.temporalIdPlusOne & 7);
}

/** nal_unit_type without validating the rest of the header. */
export function h265NalType(nal: Buffer): number {
  return ((nal[0] ?? 0) >>> 1) & 0x3f;
}

export function isH265Vcl(type: number): boolean {
  return type < 32;
}

export function isH265Irap(type: number): boolean {
  return type >= H265NalType.firstIrap && type <= H265NalType.lastIrap;
}
