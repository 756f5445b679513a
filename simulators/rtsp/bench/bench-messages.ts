import type { SendSpreadSummary } from './send-spread.ts';

/** IPC between the stream benchmark's orchestrator and its child processes. */
export interface StreamTarget {
  host: string;
  port: number;
  /** RTSP URL to play; absent for the floor, whose server streams on accept. */
  url?: string;
}

export type ServerRequest =
  /** `profile`: the camera profile every session plays (default main). */
  | { type: 'start'; cameras: number; firstIndex: number; profile?: 'main' | 'sub' }
  | { type: 'sample' }
  /** Memory after garbage collection (the shard runs with --expose-gc for this). */
  | { type: 'memory' }
  | { type: 'stop' };

export type ServerReply =
  | { type: 'memory'; rssKb: number; heapKb: number; collected: boolean }
  | { type: 'ready'; targets: StreamTarget[]; rssKb: number }
  | {
      type: 'sample';
      cpuUs: number;
      rssKb: number;
      framesSent: number;
      framesDropped: number;
      /** The floor's: how long after its due time each frame was written, since the last sample. */
      sendSpread?: SendSpreadSummary;
    }
  | { type: 'error'; message: string };

export type ReaderRequest =
  | {
      type: 'open';
      targets: StreamTarget[];
      username?: string;
      password?: string;
      concurrency: number;
      deadlineMs: number;
    }
  | { type: 'measure'; on: boolean }
  | { type: 'stop' };

export type ReaderReply =
  | { type: 'opened'; ok: number; failed: number; firstError?: string }
  | { type: 'stats'; frames: number; lateFrames: number; bytes: number; open: number; cpuUs: number };

/** The camera model both the simulator shard and the floor serve: the demo fleet's standard camera. */
export const BENCH_MODEL_ID = 'fixed-1080p';

export const BENCH_USER = 'bench';
export const BENCH_PASSWORD = 'bench-password';

/** Children exit when the orchestrator goes away (a dead-man's switch on the IPC channel). */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
}

/**
 * This process's memory after two full collections: RSS, and heap as V8's heap plus memory
 * outside it (Buffers; `external` already includes `arrayBuffers`). Without --expose-gc it is
 * read as it stands, and says so.
 */
export function settledMemory(): Extract<ServerReply, { type: 'memory' }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return {
    type: 'memory',
    rssKb: Math.round(m.rss / 1024),
    heapKb: Math.round((m.heapUsed + m.external) / 1024),
    collected: gc !== undefined,
  };
}
