import { type AccessUnit, NalFlag, groupAccessUnits } from '../access-unit/access-unit.ts';
import { H264NalType, h264NalType, isH264Vcl } from './nal-unit-type.ts';

/**
 * Groups H.264 NAL units into access units (H.264 §7.4.1.2.3). A new access unit starts at an
 * AUD, at an SPS/PPS/SEI or types 14-18 after a coded slice, or at a slice whose
 * first_mb_in_slice is 0 after a coded slice. Slices with first_mb_in_slice > 0 belong to the
 * current picture, so multi-slice encodes (x264 `-tune zerolatency`, sliced threads) stay together.
 */
export function assembleH264AccessUnits(nals: readonly Buffer[]): AccessUnit[] {
  return groupAccessUnits(nals, 1, classifyH264);
}

function classifyH264(nal: Buffer): number {
  const type = h264NalType(nal);
  if (type === H264NalType.accessUnitDelimiter) {
    return NalFlag.delimiter;
  }
  if (isH264Vcl(type)) {
    // first_mb_in_slice is ue(v) at the very start of the slice header; its first bit is 1 only for 0.
    const firstMbIsZero = nal.length > 1 && ((nal[1] as number) & 0x80) !== 0;
    return NalFlag.vcl | (firstMbIsZero ? NalFlag.firstSlice : 0) | (type === H264NalType.idrSlice ? NalFlag.key : 0);
  }
  const opens =
    type === H264NalType.sei || type === H264NalType.sps || type === H264NalType.pps || (type >= 14 && type <= 18);
  return opens ? NalFlag.opensUnit : 0;
}
