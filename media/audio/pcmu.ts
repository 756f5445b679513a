/**
 * G.711 μ-law as RTP carries it (RFC 3551 §4.5.14, static payload type 0): 8000 samples a second,
 * one byte each. Pure: bytes out, no clock.
 */
export const PCMU_PAYLOAD_TYPE = 0;
export const PCMU_CLOCK_RATE = 8000;
/** RFC 3551 §4.5: the default packetization interval of sample-based audio. */
export const PCMU_PACKET_MS = 20;
/** Samples (and RTP timestamp ticks) in one 20 ms packet. */
export const PCMU_SAMPLES_PER_PACKET = (PCMU_CLOCK_RATE * PCMU_PACKET_MS) / 1000;
/** The SDP rtpmap value of the track (RFC 4566 §6). */
export const PCMU_RTPMAP = `PCMU/${PCMU_CLOCK_RATE}`;

/** μ-law code of a zero sample (G.711 sends the bits inverted: +0 goes on the wire as 0xFF). */
const MU_LAW_ZERO = 0xff;

/** `samples` of μ-law silence. */
export function pcmuSilence(samples: number): Buffer {
  if (!Number.isInteger(samples) || samples < 0) throw new RangeError(`samples must be a whole count, got ${samples}`);
  return Buffer.alloc(samples, MU_LAW_ZERO);
}
