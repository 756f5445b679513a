import { ParseError } from '../errors/parse-error.ts';
import type { AccessUnit } from '../access-unit/access-unit.ts';
import { assembleH264AccessUnits } from '../h264/access-unit.ts';
import { splitAnnexB } from '../h264/annexb.ts';
import { h264Fmtp } from '../h264/h264-fmtp.ts';
import { H264NalType, h264NalType } from '../h264/nal-unit-type.ts';
import { assembleH265AccessUnits } from '../h265/access-unit.ts';
import { h265Fmtp } from '../h265/h265-fmtp.ts';
import { H265NalType, h265NalType } from '../h265/nal-header.ts';
import { packetizeH264AccessUnit } from '../rtp/h264-packetizer.ts';
import { packetizeH265AccessUnit } from '../rtp/h265-packetizer.ts';
import type { ClipSpec, PacketizedClip, PacketizedFrame } from './packetized-clip.ts';

/** Dynamic payload type camlab uses for its one video track (RFC 3551 §6: 96-127 are dynamic). */
export const VIDEO_PAYLOAD_TYPE = 96;
const RTP_CLOCK_RATE = 90_000;

/** Timestamps of one encoded frame in decode order, 90 kHz ticks, as the container had them. */
export interface FrameTiming {
  ptsTicks: number;
  dtsTicks: number;
}

/**
 * Turns an encoded clip (Annex-B plus per-frame timestamps in decode order) into the shared
 * RTP payloads every session sends. Timestamps are shifted so the first decode time is 0
 * (with B-frames, pts then starts at the reorder delay and never precedes dts). Every key
 * frame carries its parameter sets in-band, so a session may start at any of them.
 */
export function packetizeClip(
  spec: ClipSpec,
  annexB: Buffer,
  timings: readonly FrameTiming[],
  snapshotJpeg: Buffer,
): PacketizedClip {
  const nals = splitAnnexB(annexB);
  const units = spec.codec === 'h264' ? assembleH264AccessUnits(nals) : assembleH265AccessUnits(nals);
  if (units.length !== timings.length) {
    throw new ParseError(`clip has ${units.length} access units but ${timings.length} frame timestamps`);
  }
  if (units[0]?.keyframe !== true) {
    throw new ParseError('clip does not start with a key frame');
  }
  const parameterSets = findParameterSets(spec, nals);
  const fmtp =
    spec.codec === 'h264'
      ? h264Fmtp({ sps: parameterSets[0] as Buffer, pps: parameterSets[1] as Buffer })
      : h265Fmtp({ vps: parameterSets[0] as Buffer, sps: parameterSets[1] as Buffer, pps: parameterSets[2] as Buffer });
  let minDts = Infinity;
  for (const t of timings) {
    minDts = Math.min(minDts, t.dtsTicks);
  }
  const frames: PacketizedFrame[] = units.map((unit, index) => {
    const timing = timings[index] as FrameTiming;
    const nalsToSend = unit.keyframe ? withParameterSets(spec, unit, parameterSets) : unit.nals;
    const payloads = spec.codec === 'h264' ? packetizeH264AccessUnit(nalsToSend) : packetizeH265AccessUnit(nalsToSend);
    let bytes = 0;
    for (const payload of payloads) {
      bytes += payload.length;
    }
    return {
      index,
      ptsTicks: timing.ptsTicks - minDts,
      dtsTicks: timing.dtsTicks - minDts,
      keyframe: unit.keyframe,
      payloads,
      bytes,
    };
  });
  return {
    spec,
    payloadType: VIDEO_PAYLOAD_TYPE,
    clockRate: RTP_CLOCK_RATE,
    rtpmap: `${spec.codec === 'h264' ? 'H264' : 'H265'}/${RTP_CLOCK_RATE}`,
    fmtp,
    frames,
    durationTicks: Math.round((units.length * RTP_CLOCK_RATE) / spec.fps),
    snapshotJpeg,
  };
}

/** The stream's parameter sets in SDP order: [SPS, PPS] for H.264, [VPS, SPS, PPS] for H.265. */
function findParameterSets(spec: ClipSpec, nals: readonly Buffer[]): Buffer[] {
  const wanted =
    spec.codec === 'h264' ? [H264NalType.sps, H264NalType.pps] : [H265NalType.vps, H265NalType.sps, H265NalType.pps];
  const typeOf = spec.codec === 'h264' ? h264NalType : h265NalType;
  return wanted.map((type) => {
    const nal = nals.find((n) => typeOf(n) === type);
    if (nal === undefined) {
      throw new ParseError(`clip has no ${spec.codec} parameter set of NAL type ${type}`);
    }
    return nal;
  });
}

function withParameterSets(spec: ClipSpec, unit: AccessUnit, parameterSets: readonly Buffer[]): Buffer[] {
  const typeOf = spec.codec === 'h264' ? h264NalType : h265NalType;
  const present = new Set(unit.nals.map(typeOf));
  const missing = parameterSets.filter((nal) => !present.has(typeOf(nal)));
  return missing.length === 0 ? unit.nals : [...missing, ...unit.nals];
}
