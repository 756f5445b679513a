import { ask as askChild } from './bench-children.ts';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReaderReply, ReaderRequest, ServerReply, ServerRequest } from './bench-messages.ts';
import { BENCH_PASSWORD, BENCH_USER } from './bench-messages.ts';

/** What serves the sessions: the simulator's RTSP server, or the floor (one bare write per frame). */
export type SessionServer = 'simulator' | 'floor';

export interface MeasureSessionsOptions {
  server: SessionServer;
  profile: 'main' | 'sub';
  sessions: number;
  /** Time the sessions play before the window opens. */
  warmupMs: number;
  windowMs: number;
  /** Processes the RTSP readers are spread over. */
  readerProcesses: number;
  /** Time to open every session before giving up on the rest (default 60 s). */
  openDeadlineMs?: number;
}

export interface MemoryKb {
  rssKb: number;
  heapKb: number;
}

/** One server process serving `sessions` sessions of one profile, measured over one window. */
export interface SessionsMeasured {
  server: SessionServer;
  profile: 'main' | 'sub';
  sessionsAsked: number;
  /** Sessions still open when the window closed. */
  sessionsOpen: number;
  openFailures: number;
  firstOpenError: string | undefined;
  /** The window as the orchestrator timed it (between the two samples). */
  windowMs: number;
  /** The server process's CPU (user + system, every thread) over the window. */
  serverCpuUs: number;
  /** The same in consecutive slices of the window (`CPU_SLICES` of them), each with its length. */
  serverCpuSlices: CpuSlice[];
  /** The readers' CPU over the window: they share the machine, not the server process. */
  readerCpuUs: number;
  framesReceived: number;
  lateFrames: number;
  framesSent: number;
  framesDropped: number;
  /** The server's memory after GC with every listener up and no session, then with every session playing. */
  memoryIdle: MemoryKb;
  memoryPlaying: MemoryKb;
}

export interface CpuSlice {
  cpuUs: number;
  ms: number;
}

/** Slices the window is sampled in: a burst of other work on a shared machine lands in one of them. */
export const CPU_SLICES = 4;
const REPLY_DEADLINE_MS = 60_000;
const here = fileURLToPath(new URL('.', import.meta.url));
// --expose-gc: the shards settle memory before reporting it.
const childArgv = ['--expose-gc', '--import', 'tsx'];

/** Asks a child, by default with this measurement's deadline. */
function ask<R extends { type: string }>(
  child: ChildProcess,
  msg: ServerRequest | ReaderRequest,
  replyType: R['type'],
  deadlineMs = REPLY_DEADLINE_MS,
): Promise<R> {
  return askChild<R>(child, msg, replyType, deadlineMs);
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asks a child to stop, and kills it (by its PID) if it has not exited within 10 s. */
async function stopChild(child: ChildProcess, msg: ServerRequest | ReaderRequest): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.send(msg);
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Serves `sessions` sessions of one profile of the bench model from one server process
 * (sim-shard.ts or floor-shard.ts), played over TCP by plain RTSP readers in other processes
 * (reader-fleet.ts), and measures the server over a window once they have warmed up. One
 * server process is one event loop, so its CPU share is what a core holds.
 */
export async function measureSessions(options: MeasureSessionsOptions): Promise<SessionsMeasured> {
  const openDeadlineMs = options.openDeadlineMs ?? 60_000;
  const server = fork(join(here, options.server === 'simulator' ? 'sim-shard.ts' : 'floor-shard.ts'), [], {
    execArgv: childArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The readers start while the server does: forking them costs seconds of a loaded machine.
  const readers = Array.from({ length: options.readerProcesses }, () =>
    fork(join(here, 'reader-fleet.ts'), [], { execArgv: childArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  try {
    const ready = await ask<Extract<ServerReply, { type: 'ready' }>>(
      server,
      { type: 'start', cameras: options.sessions, firstIndex: 0, profile: options.profile },
      'ready',
    );
    const memory = async (): Promise<MemoryKb> => {
      const m = await ask<Extract<ServerReply, { type: 'memory' }>>(server, { type: 'memory' }, 'memory');
      if (!m.collected) throw new Error(`${options.server} process ${server.pid} runs without --expose-gc`);
      return { rssKb: m.rssKb, heapKb: m.heapKb };
    };
    const memoryIdle = await memory();
    const parts = readers.map((_, i) => ready.targets.filter((_, j) => j % readers.length === i));
    const opened = await Promise.all(
      readers.map((r, i) =>
        ask<Extract<ReaderReply, { type: 'opened' }>>(
          r,
          {
            type: 'open',
            targets: parts[i]!,
            username: options.server === 'simulator' ? BENCH_USER : undefined,
            password: options.server === 'simulator' ? BENCH_PASSWORD : undefined,
            concurrency: 32,
            deadlineMs: openDeadlineMs,
          },
          'opened',
          openDeadlineMs + REPLY_DEADLINE_MS,
        ),
      ),
    );
    await wait(options.warmupMs);
    const sample = (): Promise<Extract<ServerReply, { type: 'sample' }>> =>
      ask<Extract<ServerReply, { type: 'sample' }>>(server, { type: 'sample' }, 'sample');
    const measure = (on: boolean): Promise<Extract<ReaderReply, { type: 'stats' }>[]> =>
      Promise.all(
        readers.map((r) => ask<Extract<ReaderReply, { type: 'stats' }>>(r, { type: 'measure', on }, 'stats')),
      );
    // Server and reader windows open and close together, so CPU and frames cover the same span.
    const [before, readersBefore] = await Promise.all([sample(), measure(true)]);
    const t0 = performance.now();
    const slices: CpuSlice[] = [];
    let sliceStart = { cpuUs: before.cpuUs, atMs: t0 };
    for (let i = 1; i < CPU_SLICES; i++) {
      await wait(t0 + (i * options.windowMs) / CPU_SLICES - performance.now());
      const s = await sample();
      const atMs = performance.now();
      slices.push({ cpuUs: s.cpuUs - sliceStart.cpuUs, ms: atMs - sliceStart.atMs });
      sliceStart = { cpuUs: s.cpuUs, atMs };
    }
    await wait(t0 + options.windowMs - performance.now());
    const [after, readersAfter] = await Promise.all([sample(), measure(false)]);
    const windowMs = performance.now() - t0;
    slices.push({ cpuUs: after.cpuUs - sliceStart.cpuUs, ms: t0 + windowMs - sliceStart.atMs });
    const memoryPlaying = await memory();
    const sum = (xs: { cpuUs: number }[]): number => xs.reduce((n, x) => n + x.cpuUs, 0);
    return {
      server: options.server,
      profile: options.profile,
      sessionsAsked: options.sessions,
      sessionsOpen: readersAfter.reduce((n, s) => n + s.open, 0),
      openFailures: opened.reduce((n, o) => n + o.failed, 0),
      firstOpenError: opened.find((o) => o.firstError !== undefined)?.firstError,
      windowMs,
      serverCpuUs: after.cpuUs - before.cpuUs,
      serverCpuSlices: slices,
      readerCpuUs: sum(readersAfter) - sum(readersBefore),
      framesReceived: readersAfter.reduce((n, s) => n + s.frames, 0),
      lateFrames: readersAfter.reduce((n, s) => n + s.lateFrames, 0),
      framesSent: after.framesSent - before.framesSent,
      framesDropped: after.framesDropped - before.framesDropped,
      memoryIdle,
      memoryPlaying,
    };
  } finally {
    await Promise.all(readers.map((r) => stopChild(r, { type: 'stop' })));
    await stopChild(server, { type: 'stop' });
  }
}
