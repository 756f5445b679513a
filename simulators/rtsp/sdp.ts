/** What DESCRIBE needs to describe one camera profile (one video track). */
export interface SdpInput {
  sessionId: string;
  address: string;
  name: string;
  payloadType: number;
  rtpmap: string;
  fmtp: string;
  fps: number;
  width: number;
  height: number;
  /** The session's a=range value; live streams are open-ended (npt=now-), a replay gives its recorded clock range. */
  range?: string;
  /** More media-level attributes (a replay's a=x-onvif-track). */
  mediaAttributes?: readonly string[];
}

import { formatFmtp, parseFmtp } from '../../media/sdp/fmtp.ts';
import { PCMU_PACKET_MS, PCMU_PAYLOAD_TYPE, PCMU_RTPMAP } from '../../media/audio/pcmu.ts';

/** An fmtp value without its parameter sets (sprop-parameter-sets for H.264, sprop-vps/sps/pps for H.265). */
export function withoutParameterSets(fmtp: string): string {
  return formatFmtp(new Map([...parseFmtp(fmtp)].filter(([key]) => !key.startsWith('sprop-'))));
}

/** The track's control attribute, relative to Content-Base (RFC 2326 §C.1.1). */
export const trackControl = 'trackID=0';

/** SDP for a live stream (RFC 4566; RFC 2326 Appendix C): aggregate control, open-ended range. */
export function buildSdp(s: SdpInput): string {
  return [
    'v=0',
    `o=- ${s.sessionId} 1 IN IP4 ${s.address}`,
    `s=${s.name}`,
    `c=IN IP4 ${s.address}`,
    't=0 0',
    'a=control:*',
    `a=range:${s.range ?? 'npt=now-'}`,
    `m=video 0 RTP/AVP ${s.payloadType}`,
    `a=rtpmap:${s.payloadType} ${s.rtpmap}`,
    `a=fmtp:${s.payloadType} ${s.fmtp}`,
    `a=framerate:${s.fps}`,
    `a=x-dimensions:${s.width},${s.height}`,
    `a=control:${trackControl}`,
    ...(s.mediaAttributes ?? []).map((a) => `a=${a}`),
    '',
  ].join('\r\n');
}

/** What DESCRIBE needs to describe a stream that carries only G.711 μ-law audio. */
export type AudioOnlySdpInput = Pick<SdpInput, 'sessionId' | 'address' | 'name'>;

/**
 * SDP of a live stream with one PCMU audio track and no video (a camera whose encoder came back
 * with its audio alone). The track keeps the video track's control, so the same SETUP URL serves it.
 */
export function buildAudioOnlySdp(s: AudioOnlySdpInput): string {
  return [
    'v=0',
    `o=- ${s.sessionId} 1 IN IP4 ${s.address}`,
    `s=${s.name}`,
    `c=IN IP4 ${s.address}`,
    't=0 0',
    'a=control:*',
    'a=range:npt=now-',
    `m=audio 0 RTP/AVP ${PCMU_PAYLOAD_TYPE}`,
    `a=rtpmap:${PCMU_PAYLOAD_TYPE} ${PCMU_RTPMAP}`,
    `a=ptime:${PCMU_PACKET_MS}`,
    `a=control:${trackControl}`,
    '',
  ].join('\r\n');
}
