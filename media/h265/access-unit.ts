import { type AccessUnit, NalFlag, groupAccessUnits } from '../access-unit/access-unit.ts';
import { H265NalType, h265NalType, isH265Irap, isH265Vcl } from './nal-header.ts';

/**
 * Groups H.265 NAL units into access units (H.265 §7.4.2.4.4). A new access unit starts at an
 * AUD, at a VPS/SPS/PPS/prefix SEI or types 41-44 and 48-55 after a coded slice, or at a slice
 * segment with first_slice_segment_in_pic_flag set after a coded slice. Suffix SEIs stay with
 * the picture they follow; further slice segments of the same picture stay together.
 */
export function assembleH265AccessUnits(nals: readonly Buffer[]): AccessUnit[] {
  return groupAccessUnits(nals, 2, classifyH265);
}

function classifyH265(nal: Buffer): number {
  const type = h265NalType(nal);
  if (type === H265NalType.accessUnitDelimiter) {
    return NalFlag.delimiter;
  }
  if (isH265Vcl(type)) {
    const firstSliceInPicture = nal.length > 2 && ((nal[2] as number) & 0x80) !== 0;
    return NalFlag.vcl | (firstSliceInPicture ? NalFlag.firstSlice : 0) | (isH265Irap(type) ? NalFlag.key : 0);
  }
  return opensAccessUnit(type) ? NalFlag.opensUnit : 0;
}

function opensAccessUnit(type: number): boolean {
  return (
    (type >= H265NalType.vps && type <= H265NalType.pps) ||
    type === H265NalType.prefixSei ||
    (type >= 41 && type <= 44) ||
    (type >= 48 && type <= 55)
  );
}
