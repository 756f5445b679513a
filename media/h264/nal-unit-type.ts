/** H.264 NAL unit types (H.264 Table 7-1) that camlab treats specially. */
export const H264NalType = {
  nonIdrSlice: 1,
  idrSlice: 5,
  sei: 6,
  sps: 7,
  pps: 8,
  accessUnitDelimiter: 9,
  filler: 12,
  /** RFC 6184 §5.7.1 aggregation packet. */
  stapA: 24,
  /** RFC 6184 §5.8 fragmentation unit. */
  fuA: 28,
} as const;

/** nal_unit_type from the first byte of the NAL unit header. */
export function h264NalType(nal: Buffer): number {
  return (nal[0] ?? 0) & 0x1f;
}

/** Coded slices (types 1-5): the NAL units that carry picture data. */
export function isH264Vcl(type: number): boolean {
  return type >= 1 && type <= 5;
}
