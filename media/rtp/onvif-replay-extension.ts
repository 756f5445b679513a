import { ParseError } from '../errors/parse-error.ts';

/**
 * The ONVIF replay RTP header extension (ONVIF Streaming Specification, "RTP header extension"):
 * profile 0xABAC, three 32-bit words: the NTP timestamp of the instant the access unit was
 * captured, then one byte of flags (C clean point, E end of a contiguous section, D
 * discontinuity, T terminal), the low byte of the CSeq of the PLAY that started the
 * transmission, and two bytes that must be zero.
 */
export const ONVIF_REPLAY_PROFILE = 0xabac;
/** Extension length in 32-bit words, as the header's length field carries it. */
export const ONVIF_REPLAY_WORDS = 3;
/** Bytes the extension adds to an RTP packet: the 4-byte extension header and its 12 bytes of data. */
export const ONVIF_REPLAY_EXTENSION_BYTES = 4 + ONVIF_REPLAY_WORDS * 4;

/** C: the access unit is a clean point (a key frame: decoding can start here). */
export const REPLAY_FLAG_CLEAN_POINT = 0x80;
/** E: the last access unit of a contiguous section of the recording (a gap or the end follows). */
export const REPLAY_FLAG_END_OF_SECTION = 0x40;
/** D: the access unit follows a discontinuity (a gap, a new position, or the next GOP in reverse). */
export const REPLAY_FLAG_DISCONTINUITY = 0x20;
/** T: the last access unit the server sends for this PLAY (end of the range or of the recording). */
export const REPLAY_FLAG_TERMINAL = 0x10;

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970), RFC 5905. */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

export interface OnvifReplayExtension {
  /** The capture instant, ms since the Unix epoch (the run's clock). */
  ntpMs: number;
  cleanPoint: boolean;
  endOfSection: boolean;
  discontinuity: boolean;
  terminal: boolean;
  /** Low byte of the CSeq of the PLAY request that started this transmission. */
  cseq: number;
}

/** The flags byte for these bits. */
export function replayFlags(
  ext: Pick<OnvifReplayExtension, 'cleanPoint' | 'endOfSection' | 'discontinuity' | 'terminal'>,
): number {
  return (
    (ext.cleanPoint ? REPLAY_FLAG_CLEAN_POINT : 0) |
    (ext.endOfSection ? REPLAY_FLAG_END_OF_SECTION : 0) |
    (ext.discontinuity ? REPLAY_FLAG_DISCONTINUITY : 0) |
    (ext.terminal ? REPLAY_FLAG_TERMINAL : 0)
  );
}

/**
 * Writes the whole extension (header and data, ONVIF_REPLAY_EXTENSION_BYTES) at `offset`.
 * No allocation: senders call it per packet. The packet's X bit is the caller's to set.
 */
export function writeOnvifReplayExtension(
  target: Buffer,
  offset: number,
  ntpMs: number,
  flags: number,
  cseq: number,
): void {
  target[offset] = ONVIF_REPLAY_PROFILE >>> 8;
  target[offset + 1] = ONVIF_REPLAY_PROFILE & 0xff;
  target[offset + 2] = 0;
  target[offset + 3] = ONVIF_REPLAY_WORDS;
  writeNtp(target, offset + 4, ntpMs);
  target[offset + 12] = flags & 0xf0;
  target[offset + 13] = cseq & 0xff;
  target[offset + 14] = 0;
  target[offset + 15] = 0;
}

/** The 12 data bytes of the extension (for RtpHeader.extension.data; tests and clients). */
export function encodeOnvifReplayExtension(ext: OnvifReplayExtension): Buffer {
  const out = Buffer.alloc(ONVIF_REPLAY_EXTENSION_BYTES);
  writeOnvifReplayExtension(out, 0, ext.ntpMs, replayFlags(ext), ext.cseq);
  return out.subarray(4);
}

/**
 * Reads the extension of a decoded RTP header. Throws ParseError when the profile is not
 * 0xABAC or the data is shorter than three words (longer data is allowed: the spec lets later
 * versions append words).
 */
export function decodeOnvifReplayExtension(ext: { profile: number; data: Buffer }): OnvifReplayExtension {
  if (ext.profile !== ONVIF_REPLAY_PROFILE) {
    throw new ParseError(`RTP extension profile 0x${ext.profile.toString(16)}, expected 0xabac (ONVIF replay)`, 0);
  }
  if (ext.data.length < ONVIF_REPLAY_WORDS * 4) {
    throw new ParseError(
      `ONVIF replay extension of ${ext.data.length} bytes, expected at least ${ONVIF_REPLAY_WORDS * 4}`,
      0,
    );
  }
  const flags = ext.data[8] as number;
  return {
    ntpMs: readNtpMs(ext.data, 0),
    cleanPoint: (flags & REPLAY_FLAG_CLEAN_POINT) !== 0,
    endOfSection: (flags & REPLAY_FLAG_END_OF_SECTION) !== 0,
    discontinuity: (flags & REPLAY_FLAG_DISCONTINUITY) !== 0,
    terminal: (flags & REPLAY_FLAG_TERMINAL) !== 0,
    cseq: ext.data[9] as number,
  };
}

/** A 64-bit NTP timestamp (RFC 5905: seconds since 1900, then the binary fraction) of Unix ms. */
function writeNtp(target: Buffer, offset: number, unixMs: number): void {
  const seconds = Math.floor(unixMs / 1000);
  const fraction = Math.floor(((unixMs - seconds * 1000) / 1000) * 0x1_0000_0000);
  const ntpSeconds = seconds + NTP_UNIX_OFFSET_S;
  target[offset] = ntpSeconds >>> 24;
  target[offset + 1] = (ntpSeconds >>> 16) & 0xff;
  target[offset + 2] = (ntpSeconds >>> 8) & 0xff;
  target[offset + 3] = ntpSeconds & 0xff;
  target[offset + 4] = fraction >>> 24;
  target[offset + 5] = (fraction >>> 16) & 0xff;
  target[offset + 6] = (fraction >>> 8) & 0xff;
  target[offset + 7] = fraction & 0xff;
}

/** Unix ms of a 64-bit NTP timestamp, to a microsecond (the fraction's resolution is far finer). */
function readNtpMs(data: Buffer, offset: number): number {
  const seconds = data.readUInt32BE(offset) - NTP_UNIX_OFFSET_S;
  const fraction = data.readUInt32BE(offset + 4);
  return seconds * 1000 + Math.round((fraction / 0x1_0000_0000) * 1e6) / 1000;
}
