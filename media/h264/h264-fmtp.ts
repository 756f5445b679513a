import { ParseError } from '../errors/parse-error.ts';
import { formatFmtp, parseFmtp } from '../sdp/fmtp.ts';
import { h264ProfileLevelId } from './sps.ts';
import { decodeSpropParameterSets, encodeSpropParameterSets } from './sprop-parameter-sets.ts';

export interface H264FmtpInput {
  sps: Buffer;
  pps: Buffer;
}

/** The fmtp a camera offers for an H.264 stream: non-interleaved mode with FU-A (RFC 6184 §8.1). */
export function h264Fmtp({ sps, pps }: H264FmtpInput): string {
  return formatFmtp(
    new Map([
      ['packetization-mode', '1'],
      ['profile-level-id', h264ProfileLevelId(sps)],
      ['sprop-parameter-sets', encodeSpropParameterSets([sps, pps])],
    ]),
  );
}

export interface H264FmtpParameters {
  packetizationMode: number;
  profileLevelId: string | undefined;
  /** The parameter sets from sprop-parameter-sets, in order (SPS first in practice). */
  parameterSets: Buffer[];
}

/** Reads what a client needs from an H.264 fmtp value. */
export function parseH264Fmtp(text: string): H264FmtpParameters {
  const p = parseFmtp(text);
  const mode = p.get('packetization-mode') ?? '0';
  if (!/^[0-2]$/.test(mode)) {
    throw new ParseError(`packetization-mode '${mode}' is not 0, 1 or 2`);
  }
  const profileLevelId = p.get('profile-level-id');
  if (profileLevelId !== undefined && !/^[0-9A-Fa-f]{6}$/.test(profileLevelId)) {
    throw new ParseError(`profile-level-id '${profileLevelId}' is not 6 hex digits`);
  }
  const sprop = p.get('sprop-parameter-sets');
  return {
    packetizationMode: Number(mode),
    profileLevelId: profileLevelId?.toUpperCase(),
    parameterSets: sprop === undefined || sprop === '' ? [] : decodeSpropParameterSets(sprop),
  };
}
