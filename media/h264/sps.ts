import { BitReader } from '../bits/bit-reader.ts';
import { removeEmulationPrevention } from '../bits/emulation-prevention.ts';
import { ParseError } from '../errors/parse-error.ts';
import { H264NalType, h264NalType } from './nal-unit-type.ts';

/** What camlab needs from an H.264 sequence parameter set (H.264 §7.3.2.1.1). */
export interface H264Sps {
  profileIdc: number;
  /** constraint_set0..5 flags and the reserved bits: the middle byte of profile-level-id. */
  constraintFlags: number;
  levelIdc: number;
  spsId: number;
  chromaFormatIdc: number;
  /** Displayed size, after frame cropping. */
  width: number;
  height: number;
  frameMbsOnly: boolean;
  log2MaxFrameNum: number;
  picOrderCntType: number;
  /** Frame rate from the VUI timing info (time_scale / (2 * num_units_in_tick)), when present. */
  fps: number | undefined;
}

/** The profiles whose SPS carries chroma_format_idc and friends (H.264 §7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Parses an SPS NAL unit (header byte included, no start code). */
export function parseH264Sps(nal: Buffer): H264Sps {
  if (nal.length < 4) {
    throw new ParseError(`SPS too short: ${nal.length} bytes`, 0);
  }
  if (h264NalType(nal) !== H264NalType.sps) {
    throw new ParseError(`not an SPS: NAL type ${h264NalType(nal)}`, 0);
  }
  const r = new BitReader(removeEmulationPrevention(nal.subarray(1)));
  const profileIdc = r.readBits(8);
  const constraintFlags = r.readBits(8);
  const levelIdc = r.readBits(8);
  const spsId = r.readUE();
  let chromaFormatIdc = 1;
  let separateColourPlane = false;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.readUE();
    if (chromaFormatIdc > 3) {
      throw new ParseError(`chroma_format_idc ${chromaFormatIdc} out of range 0..3`);
    }
    if (chromaFormatIdc === 3) {
      separateColourPlane = r.readFlag();
    }
    r.readUE(); // bit_depth_luma_minus8
    r.readUE(); // bit_depth_chroma_minus8
    r.readFlag(); // qpprime_y_zero_transform_bypass_flag
    if (r.readFlag()) {
      const lists = chromaFormatIdc === 3 ? 12 : 8;
      for (let i = 0; i < lists; i++) {
        if (r.readFlag()) {
          skipScalingList(r, i < 6 ? 16 : 64);
        }
      }
    }
  }
  const log2MaxFrameNum = r.readUE() + 4;
  const picOrderCntType = r.readUE();
  if (picOrderCntType === 0) {
    r.readUE(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (picOrderCntType === 1) {
    r.readFlag(); // delta_pic_order_always_zero_flag
    r.readSE(); // offset_for_non_ref_pic
    r.readSE(); // offset_for_top_to_bottom_field
    const cycle = r.readUE();
    if (cycle > 255) {
      throw new ParseError(`num_ref_frames_in_pic_order_cnt_cycle ${cycle} exceeds 255`);
    }
    for (let i = 0; i < cycle; i++) {
      r.readSE();
    }
  } else if (picOrderCntType !== 2) {
    throw new ParseError(`pic_order_cnt_type ${picOrderCntType} out of range 0..2`);
  }
  r.readUE(); // max_num_ref_frames
  r.readFlag(); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.readUE() + 1;
  const heightMapUnits = r.readUE() + 1;
  const frameMbsOnly = r.readFlag();
  if (!frameMbsOnly) {
    r.readFlag(); // mb_adaptive_frame_field_flag
  }
  r.readFlag(); // direct_8x8_inference_flag
  let width = widthMbs * 16;
  let height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
  if (r.readFlag()) {
    // Frame cropping, in units that depend on chroma subsampling (H.264 Table 6-1, eq. 7-19..7-22).
    const left = r.readUE();
    const right = r.readUE();
    const top = r.readUE();
    const bottom = r.readUE();
    const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
    const cropUnitX = chromaArrayType === 0 ? 1 : chromaArrayType === 3 ? 1 : 2;
    const cropUnitY =
      (chromaArrayType === 0 || chromaArrayType === 3 ? 1 : chromaArrayType === 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
    width -= (left + right) * cropUnitX;
    height -= (top + bottom) * cropUnitY;
    if (width <= 0 || height <= 0) {
      throw new ParseError(`frame cropping leaves ${width}x${height}`);
    }
  }
  const fps = r.readFlag() ? readVuiFrameRate(r) : undefined;
  return {
    profileIdc,
    constraintFlags,
    levelIdc,
    spsId,
    chromaFormatIdc,
    width,
    height,
    frameMbsOnly,
    log2MaxFrameNum,
    picOrderCntType,
    fps,
  };
}

/** Extended_SAR in aspect_ratio_idc (H.264 Table E-1). */
const EXTENDED_SAR = 255;

/** Reads vui_parameters (H.264 §E.1.1) up to the timing info. */
function readVuiFrameRate(r: BitReader): number | undefined {
  if (r.readFlag() && r.readBits(8) === EXTENDED_SAR) {
    r.skipBits(32); // sar_width, sar_height
  }
  if (r.readFlag()) {
    r.readFlag(); // overscan_appropriate_flag
  }
  if (r.readFlag()) {
    r.skipBits(4); // video_format, video_full_range_flag
    if (r.readFlag()) {
      r.skipBits(24); // colour_primaries, transfer_characteristics, matrix_coefficients
    }
  }
  if (r.readFlag()) {
    r.readUE(); // chroma_sample_loc_type_top_field
    r.readUE(); // chroma_sample_loc_type_bottom_field
  }
  if (!r.readFlag()) {
    return undefined;
  }
  const numUnitsInTick = r.readBits(32);
  const timeScale = r.readBits(32);
  return numUnitsInTick === 0 ? undefined : timeScale / (2 * numUnitsInTick);
}

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) {
      const delta = r.readSE();
      next = (last + delta + 256) % 256;
    }
    last = next === 0 ? last : next;
  }
}

/** The SDP profile-level-id (RFC 6184 §8.1): the three bytes after the SPS NAL header, as hex. */
export function h264ProfileLevelId(spsNal: Buffer): string {
  if (spsNal.length < 4 || h264NalType(spsNal) !== H264NalType.sps) {
    throw new ParseError('profile-level-id needs an SPS of at least 4 bytes', 0);
  }
  return spsNal.subarray(1, 4).toString('hex').toUpperCase();
}
