import type { StreamQuirks } from './stream-quirks.ts';

/** Where a new session's RTP time and sequence numbers start. */
export interface RtpStart {
  /** Added to the stream's 90 kHz time, modulo 2^32. */
  timestampOffset: number;
  sequence: number;
}

const TICKS_PER_MS = 90;

/**
 * RFC 3550 §5.1 asks for random initial values; that is what a camera does by default. Some
 * count RTP time (and sequence numbers) from their boot instead, so both fall back near zero
 * after every reboot; and a stream can be started just below 2^32 so its time wraps soon.
 * `streamTicksNowMs` is the stream's 90 kHz time now, `streamTicksAtBoot` at the camera's boot.
 */
export function rtpStart(
  quirks: Pick<StreamQuirks, 'rtpFromBoot' | 'rtpWrapAfterMs'>,
  streamTicksNow: number,
  streamTicksAtBoot: number,
  random: () => number,
): RtpStart {
  if (quirks.rtpWrapAfterMs !== undefined) {
    return {
      timestampOffset: (2 ** 32 - streamTicksNow - quirks.rtpWrapAfterMs * TICKS_PER_MS) >>> 0,
      sequence: (random() * 0x1_0000) & 0xffff,
    };
  }
  if (quirks.rtpFromBoot) return { timestampOffset: -streamTicksAtBoot >>> 0, sequence: 0 };
  return { timestampOffset: (random() * 0x1_0000_0000) >>> 0, sequence: (random() * 0x1_0000) & 0xffff };
}
