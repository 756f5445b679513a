import type { VideoCodec } from '../clip/packetized-clip.ts';
import { ParseError } from '../errors/parse-error.ts';

/** The first video media section of a session description, as an RTSP reader needs it. */
export interface SdpVideoTrack {
  codec: VideoCodec;
  payloadType: number;
  clockRate: number;
  /** The media's a=control (absolute, or relative to the Content-Base), or undefined for none. */
  control?: string;
}

/** A DESCRIBE answer is a few hundred bytes; a description past this is not a camera's. */
const MAX_SDP_BYTES = 64 * 1024;

/**
 * Reads the first `m=video` section of an SDP (RFC 4566) whose rtpmap names H.264 or H.265
 * (RFC 6184 §8.2.1, RFC 7798 §7.2): its payload type, clock rate and control attribute.
 * Text in, value out; ParseError when there is no such track.
 */
export function readSdpVideoTrack(sdp: string): SdpVideoTrack {
  if (sdp.length > MAX_SDP_BYTES) throw new ParseError(`SDP of ${sdp.length} characters exceeds ${MAX_SDP_BYTES}`);
  const sections = sdp.split(/\r?\n(?=m=)/);
  for (const section of sections.slice(1)) {
    const lines = section.split(/\r?\n/);
    const media = /^m=video \d+(?:\/\d+)? \S+ ([\d ]+)$/.exec(lines[0]!.trim());
    if (media === null) continue;
    const formats = media[1]!.trim().split(/\s+/).map(Number);
    let control: string | undefined;
    for (const line of lines) {
      const c = /^a=control:(.+)$/.exec(line.trim());
      if (c !== null) control = c[1]!;
    }
    for (const line of lines) {
      const m = /^a=rtpmap:(\d+) ([A-Za-z0-9-]+)\/(\d+)/.exec(line.trim());
      if (m === null || !formats.includes(Number(m[1]))) continue;
      const name = m[2]!.toUpperCase();
      const codec: VideoCodec | undefined = name === 'H264' ? 'h264' : name === 'H265' ? 'h265' : undefined;
      if (codec === undefined) continue;
      return {
        codec,
        payloadType: Number(m[1]),
        clockRate: Number(m[3]),
        ...(control !== undefined ? { control } : {}),
      };
    }
  }
  throw new ParseError('the session description has no H.264 or H.265 video track');
}
