import type { PacketizedFrame, VideoCodec } from '../../media/clip/packetized-clip.ts';
import { H264NalType, h264NalType } from '../../media/h264/nal-unit-type.ts';
import { H265NalType, h265NalType } from '../../media/h265/nal-header.ts';

/** Whether a payload is a single-NAL packet carrying a parameter set (camlab sends them unfragmented and unaggregated). */
function isParameterSet(codec: VideoCodec, payload: Buffer): boolean {
  if (codec === 'h264') {
    const t = h264NalType(payload);
    return t === H264NalType.sps || t === H264NalType.pps;
  }
  const t = h265NalType(payload);
  return t === H265NalType.vps || t === H265NalType.sps || t === H265NalType.pps;
}

/**
 * The frames of a clip with no parameter sets in-band: key frames lose their SPS/PPS (and VPS)
 * packets, as on cameras that announce them only in the SDP's sprop parameters. Frames without
 * any keep their own object; the payload buffers are shared, never copied.
 */
export function stripParameterSets(codec: VideoCodec, frames: readonly PacketizedFrame[]): PacketizedFrame[] {
  return frames.map((f) => {
    const payloads = f.payloads.filter((p) => !isParameterSet(codec, p));
    if (payloads.length === f.payloads.length) return f;
    return { ...f, payloads, bytes: payloads.reduce((n, p) => n + p.length, 0) };
  });
}
