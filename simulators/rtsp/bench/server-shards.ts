import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { ServerReply, ServerRequest } from './bench-messages.ts';
import { ask, track } from './bench-children.ts';

type Ready = Extract<ServerReply, { type: 'ready' }>;
type Sample = Extract<ServerReply, { type: 'sample' }>;
type Memory = Extract<ServerReply, { type: 'memory' }>;

export interface ServerShards {
  procs: ChildProcess[];
  /** Each shard's `ready`, in shard order: shard i serves cameras from i * ceil(cameras / shards), so targets come in camera order. */
  readies: Ready[];
  /** Every shard's counters at this instant. */
  sample(): Promise<Sample[]>;
  /** Every shard's memory after full collections (settled when the shards run with --expose-gc). */
  memory(): Promise<Memory[]>;
  /** Asks every shard to stop, and kills (by PID) one that has not exited within 10 s. */
  stop(): Promise<void>;
}

/** Forks `shards` bench servers (sim-shard.ts or floor-shard.ts) and splits `cameras` over them in order. */
export async function startServerShards(opts: {
  script: string;
  args?: string[];
  execArgv: string[];
  shards: number;
  cameras: number;
  deadlineMs: number;
}): Promise<ServerShards> {
  const procs = Array.from({ length: opts.shards }, () =>
    track(
      fork(opts.script, opts.args ?? [], { execArgv: opts.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    ),
  );
  const per = Math.ceil(opts.cameras / opts.shards);
  const readies = await Promise.all(
    procs.map((p, i) =>
      ask<Ready>(
        p,
        {
          type: 'start',
          cameras: Math.max(0, Math.min(per, opts.cameras - i * per)),
          firstIndex: i * per,
        } satisfies ServerRequest,
        'ready',
        opts.deadlineMs,
      ),
    ),
  );
  return {
    procs,
    readies,
    sample: () =>
      Promise.all(
        procs.map((p) => ask<Sample>(p, { type: 'sample' } satisfies ServerRequest, 'sample', opts.deadlineMs)),
      ),
    memory: () =>
      Promise.all(
        procs.map((p) => ask<Memory>(p, { type: 'memory' } satisfies ServerRequest, 'memory', opts.deadlineMs)),
      ),
    async stop() {
      await Promise.all(
        procs.map(async (p) => {
          const exited = once(p, 'exit');
          p.send({ type: 'stop' } satisfies ServerRequest);
          const timer = setTimeout(() => {
            if (p.pid !== undefined && p.exitCode === null) process.kill(p.pid, 'SIGKILL');
          }, 10_000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
