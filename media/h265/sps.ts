import { BitReader } from '../bits/bit-reader.ts';
import { removeEmulationPrevention } from '../bits/emulation-prevention.ts';
import { ParseError } from '../errors/parse-error.ts';
import { H265NalType, decodeH265NalHeader } from './nal-header.ts';

/** What camlab needs from an H.265 sequence parameter set (H.265 §7.3.2.2). */
export interface H265Sps {
  generalProfileSpace: number;
  generalTierFlag: boolean;
  generalProfileIdc: number;
  generalLevelIdc: number;
  spsId: number;
  chromaFormatIdc: number;
  /** Displayed size, after the conformance window. */
  width: number;
  height: number;
}

/** Parses an SPS NAL unit (two-byte header included, no start code). */
export function parseH265Sps(nal: Buffer): H265Sps {
  const header = decodeH265NalHeader(nal);
  if (header.type !== H265NalType.sps) {
    throw new ParseError(`not an SPS: NAL type ${header.type}`, 0);
  }
  const r = new BitReader(removeEmulationPrevention(nal.subarray(2)));
  r.readBits(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = r.readBits(3);
  if (maxSubLayersMinus1 > 6) {
    throw new ParseError(`sps_max_sub_layers_minus1 ${maxSubLayersMinus1} exceeds 6`);
  }
  r.readFlag(); // sps_temporal_id_nesting_flag
  // profile_tier_level(1, sps_max_sub_layers_minus1), H.265 §7.3.3
  const generalProfileSpace = r.readBits(2);
  const generalTierFlag = r.readFlag();
  const generalProfileIdc = r.readBits(5);
  r.skipBits(32 + 48); // compatibility flags, then progressive/interlaced/constraint flags
  const generalLevelIdc = r.readBits(8);
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.readFlag());
    levelPresent.push(r.readFlag());
  }
  if (maxSubLayersMinus1 > 0) {
    r.skipBits(2 * (8 - maxSubLayersMinus1));
  }
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i] === true) {
      r.skipBits(88);
    }
    if (levelPresent[i] === true) {
      r.skipBits(8);
    }
  }
  const spsId = r.readUE();
  if (spsId > 15) {
    throw new ParseError(`sps_seq_parameter_set_id ${spsId} exceeds 15`);
  }
  const chromaFormatIdc = r.readUE();
  if (chromaFormatIdc > 3) {
    throw new ParseError(`chroma_format_idc ${chromaFormatIdc} out of range 0..3`);
  }
  const separateColourPlane = chromaFormatIdc === 3 ? r.readFlag() : false;
  let width = r.readUE();
  let height = r.readUE();
  if (r.readFlag()) {
    // Conformance window offsets are in chroma sample units (H.265 Table 6-1, eq. 7-1..7-2).
    const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
    const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
    const subHeightC = chromaArrayType === 1 ? 2 : 1;
    const left = r.readUE();
    const right = r.readUE();
    const top = r.readUE();
    const bottom = r.readUE();
    width -= subWidthC * (left + right);
    height -= subHeightC * (top + bottom);
  }
  if (width <= 0 || height <= 0) {
    throw new ParseError(`SPS describes a ${width}x${height} picture`);
  }
  return {
    generalProfileSpace,
    generalTierFlag,
    generalProfileIdc,
    generalLevelIdc,
    spsId,
    chromaFormatIdc,
    width,
    height,
  };
}
