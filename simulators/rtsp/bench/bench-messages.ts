import type { SendSpreadSummary } from './send-spread.ts';

/** IPC between the stream benchmark's orchestrator and its child processes. */
export interface StreamTarget {
  host: string;
  port: number;
  /** RTSP URL to play; absent for the floor, whose server streams on accept. */
  url?: string;
}

export type ServerRequest =
  { type: 'start'; cameras: number; firstIndex: number } | { type: 'sample' } | { type: 'stop' };

export type ServerReply =
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

export const BENCH_USER = 'bench';
export const BENCH_PASSWORD = 'bench-password';

/** Children exit when the orchestrator goes away (a dead-man's switch on the IPC channel). */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
}
