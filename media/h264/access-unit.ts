import { H264NalType, h264NalType, isH264Vcl } from './nal-unit-type.ts';

/** One coded picture with the parameter sets and SEIs sent ahead of it, in decode order. */
export interface AccessUnit {
  /** NAL units without start codes (access unit delimiters removed: RTP marks boundaries itself). */
  nals: Buffer[];
  /** Decoding can start here (H.264 IDR, H.265 IRAP). */
  keyframe: boolean;
}

/**
 * Groups H.264 NAL units into access units (H.264 §7.4.1.2.3). A new access unit starts at an
 * AUD, at an SPS/PPS/SEI or types 14-18 after a coded slice, or at a slice whose
 * first_mb_in_slice is 0 after a coded slice. Slices with first_mb_in_slice > 0 belong to the
 * current picture, so multi-slice encodes (x264 `-tune zerolatency`, sliced threads) stay together.
 */
export function assembleH264AccessUnits(nals: readonly Buffer[]): AccessUnit[] {
  const units: AccessUnit[] = [];
  let current: AccessUnit = { nals: [], keyframe: false };
  let hasVcl = false;
  const flush = (): void => {
    if (current.nals.length > 0) {
      units.push(current);
    }
    current = { nals: [], keyframe: false };
    hasVcl = false;
  };
  for (const nal of nals) {
    if (nal.length === 0) {
      continue;
    }
    const type = h264NalType(nal);
    if (type === H264NalType.accessUnitDelimiter) {
      flush();
      continue;
    }
    if (isH264Vcl(type)) {
      // first_mb_in_slice is ue(v) at the very start of the slice header; its first bit is 1 only for 0.
      const firstMbIsZero = nal.length > 1 && ((nal[1] as number) & 0x80) !== 0;
      if (hasVcl && firstMbIsZero) {
        flush();
      }
      hasVcl = true;
      if (type === H264NalType.idrSlice) {
        current.keyframe = true;
      }
    } else if (hasVcl && (type === H264NalType.sei || type === H264NalType.sps || type === H264NalType.pps || (type >= 14 && type <= 18))) {
      flush();
    }
    current.nals.push(nal);
  }
  flush();
  return units;
}
