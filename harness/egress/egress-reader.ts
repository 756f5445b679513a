import type { VideoCodec } from '../../media/clip/packetized-clip.ts';

/** The restream protocols camlab reads a hub's egress over. */
export const egressProtocols = ['rtsp', 'http-flv', 'hls'] as const;
export type EgressProtocol = (typeof egressProtocols)[number];

/**
 * Receives each access unit read: its NAL units without start codes or length prefixes. A reader
 * may hand over only the SEI NAL units (an empty list when the unit has none): that is all a
 * tally reads, and the RTSP reader saves most of its work by skipping the slices.
 */
export type FrameSink = (codec: VideoCodec, nals: readonly Buffer[]) => void;

/**
 * Reads one egress URL as a viewer would, handing every frame to `onFrame`, until the stream
 * ends (resolves), fails (rejects with what went wrong) or `signal` aborts (resolves). The
 * caller decides whether and when to read again.
 */
export type ReadEgress = (url: string, onFrame: FrameSink, signal: AbortSignal) => Promise<void>;

/** An error naming what the hub's egress did wrong (status, protocol answer). */
export class EgressReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EgressReadError';
  }
}
