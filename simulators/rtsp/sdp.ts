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
