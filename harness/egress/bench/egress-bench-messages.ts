import type { EgressProtocol } from '../egress-reader.ts';

/** IPC between the egress benchmark's orchestrator and its reader process. */
export type EgressBenchRequest =
  /**
   * camlab: EgressWatcher with `workers` threads (0: the main thread); floor: the same streams
   * read without parsing (RTSP: RtspReader in streaming mode; HTTP-FLV: the bodies drained;
   * HLS: the playlists followed and the segments drained).
   */
  | {
      type: 'start';
      mode: 'camlab' | 'floor';
      protocol: EgressProtocol;
      streams: { camera: string; url: string }[];
      workers: number;
    }
  | { type: 'sample' }
  | { type: 'stop' };

export type EgressBenchReply =
  | { type: 'started' }
  /** frames: counted so far (camlab: in recorded intervals; floor: RTP marker bits); open: streams delivering. */
  | { type: 'sample'; cpuUs: number; frames: number; open: number }
  | { type: 'stopped'; frames: number };
