import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { RtspReader } from '../../rtsp/rtsp-reader.ts';
import { BENCH_PASSWORD, BENCH_USER } from '../../rtsp/bench/bench-messages.ts';
import { formatClockTime } from '../../rtsp/replay-headers.ts';
import type { ReplayBenchReply, ReplayBenchRequest, ReplayBenchTarget } from './replay-bench-messages.ts';

export interface ReplayBenchOptions {
  /** Concurrent sessions per phase (the target: 200). */
  sessions: number;
  /** Measured window per round and phase. */
  windowMs: number;
  warmupMs: number;
  /** Rounds of live and replay, the order flipping each round: spreads warm-up and the machine's load drift over both. */
  rounds: number;
  profile: 'main' | 'sub';
}

export interface PhaseCost {
  framesDelivered: number;
  serverCpuUs: number;
  cpuUsPerFrame: number;
  /** Frames the readers got over frames the sessions were due (25 fps × sessions × window): how well the server kept pace. */
  deliveredShare: number;
}

export interface ReplayBenchResult {
  sessions: number;
  profile: string;
  live: PhaseCost;
  replay: PhaseCost;
  /** Replay CPU per delivered frame over live's: the target is at most 1.2. */
  ratio: number;
  targetRatio: number;
  met: boolean;
}

const TARGET_RATIO = 1.2;
const REPLY_DEADLINE_MS = 120_000;
const OPEN_CONCURRENCY = 20;
const FPS = 25;

/** Sends a request and waits for the server's next reply of that type. */
async function ask<T extends ReplayBenchReply['type']>(
  child: ChildProcess,
  msg: ReplayBenchRequest,
  type: T,
): Promise<Extract<ReplayBenchReply, { type: T }>> {
  const signal = AbortSignal.timeout(REPLY_DEADLINE_MS);
  child.send(msg);
  for (;;) {
    const [reply] = (await once(child, 'message', { signal })) as [ReplayBenchReply];
    if (reply.type === 'error') throw new Error(`replay bench server: ${reply.message}`);
    if (reply.type === type) return reply as Extract<ReplayBenchReply, { type: T }>;
  }
}

/** Opens one reader per target, OPEN_CONCURRENCY at a time. */
async function openAll(
  targets: readonly ReplayBenchTarget[],
  open: (t: ReplayBenchTarget) => Promise<RtspReader>,
): Promise<RtspReader[]> {
  const readers: RtspReader[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const t = targets[next++]!;
      readers.push(await open(t));
    }
  };
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
  return readers;
}

async function measure(
  child: ChildProcess,
  readers: readonly RtspReader[],
  opts: ReplayBenchOptions,
): Promise<{ frames: number; cpuUs: number }> {
  await new Promise((r) => setTimeout(r, opts.warmupMs));
  const framesBefore = readers.reduce((n, r) => n + r.stats.frames, 0);
  const before = await ask(child, { type: 'sample' }, 'sample');
  await new Promise((r) => setTimeout(r, opts.windowMs));
  const after = await ask(child, { type: 'sample' }, 'sample');
  const frames = readers.reduce((n, r) => n + r.stats.frames, 0) - framesBefore;
  return { frames, cpuUs: after.cpuUs - before.cpuUs };
}

function cost(frames: number, cpuUs: number, due: number): PhaseCost {
  return {
    framesDelivered: frames,
    serverCpuUs: cpuUs,
    cpuUsPerFrame: frames === 0 ? NaN : Math.round((cpuUs / frames) * 100) / 100,
    deliveredShare: Math.round((frames / due) * 1000) / 1000,
  };
}

/**
 * The replay half of `npm run bench:recorder`: N live sessions, then N replay sessions (Rate-
 * Control: yes, Scale 1, from an hour back: paced like live, 25 fps each) of the same cameras'
 * recordings, on one server process, the readers in this process. Cost = the server process's
 * CPU time per frame the readers got; live sessions are the peer, in the same run.
 */
export async function runReplayBench(opts: ReplayBenchOptions): Promise<ReplayBenchResult> {
  const child = fork(fileURLToPath(new URL('./replay-bench-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await ask(child, { type: 'start', cameras: opts.sessions, profile: opts.profile }, 'ready');
    const totals = { live: { frames: 0, cpuUs: 0 }, replay: { frames: 0, cpuUs: 0 } };
    for (let round = 0; round < opts.rounds; round++) {
      // The order flips every round, so neither phase alone pays the server's warm-up.
      for (const phase of round % 2 === 0 ? (['live', 'replay'] as const) : (['replay', 'live'] as const)) {
        const readers = await openAll(ready.targets, async (t) => {
          const r = await RtspReader.connect(t.host, t.port, { username: BENCH_USER, password: BENCH_PASSWORD });
          if (phase === 'live') await r.play(t.liveUrl);
          else
            await r.play(t.replayUrl, [
              ['Require', 'onvif-replay'],
              ['Range', `clock=${formatClockTime(ready.recordedFromMs)}-`],
            ]);
          return r;
        });
        const m = await measure(child, readers, opts);
        for (const r of readers) r.close();
        totals[phase].frames += m.frames;
        totals[phase].cpuUs += m.cpuUs;
        // Let the server reap the closed sessions before the next phase is measured.
        for (let i = 0; i < 100 && (await ask(child, { type: 'sample' }, 'sample')).sessions > 0; i++)
          await new Promise((r) => setTimeout(r, 50));
      }
    }
    const due = opts.sessions * FPS * (opts.windowMs / 1000) * opts.rounds;
    const live = cost(totals.live.frames, totals.live.cpuUs, due);
    const replay = cost(totals.replay.frames, totals.replay.cpuUs, due);
    const ratio = Math.round((replay.cpuUsPerFrame / live.cpuUsPerFrame) * 100) / 100;
    return {
      sessions: opts.sessions,
      profile: opts.profile,
      live,
      replay,
      ratio,
      targetRatio: TARGET_RATIO,
      met: ratio <= TARGET_RATIO,
    };
  } finally {
    child.send({ type: 'stop' } satisfies ReplayBenchRequest);
    const exited = once(child, 'exit');
    const timer = setTimeout(
      () => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
      10_000,
    );
    await exited;
    clearTimeout(timer);
  }
}

/** The human-readable lines of a result. */
export function describeReplayBench(r: ReplayBenchResult): string[] {
  const line = (name: string, c: PhaseCost): string =>
    `  ${name.padEnd(8)} ${c.cpuUsPerFrame} µs server CPU/frame  (${c.framesDelivered} frames delivered, ${Math.round(c.deliveredShare * 100)}% of due, ${Math.round(c.serverCpuUs / 1000)} ms CPU)`;
  return [
    `replay vs live, ${r.sessions} concurrent sessions each, ${r.profile} profile, 25 fps (server process CPU time per frame the readers got):`,
    line('live', r.live),
    line('replay', r.replay),
    `  ratio replay/live ${r.ratio}; target ≤ ${r.targetRatio}: ${r.met ? 'met' : 'MISSED'}`,
  ];
}
