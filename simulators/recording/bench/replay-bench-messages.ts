/** IPC between the replay bench and its server process. */
export interface ReplayBenchTarget {
  host: string;
  port: number;
  liveUrl: string;
  replayUrl: string;
}

export type ReplayBenchRequest =
  { type: 'start'; cameras: number; profile: 'main' | 'sub' } | { type: 'sample' } | { type: 'stop' };

export type ReplayBenchReply =
  | { type: 'ready'; targets: ReplayBenchTarget[]; recordedFromMs: number }
  | { type: 'sample'; cpuUs: number; framesSent: number; sessions: number }
  | { type: 'error'; message: string };
