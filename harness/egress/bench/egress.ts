import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { BENCH_PASSWORD, BENCH_USER } from '../../../simulators/rtsp/bench/bench-messages.ts';
import {
  ask as askChild,
  killAll,
  killChildrenOnInterrupt,
  procCpuUs,
  track,
} from '../../../simulators/rtsp/bench/bench-children.ts';
import { startServerShards } from '../../../simulators/rtsp/bench/server-shards.ts';
import { nmsInstalled } from '../../hubs/nms/nms-installed.ts';
import type { EgressProtocol } from '../egress-reader.ts';
import type { EgressBenchReply, EgressBenchRequest } from './egress-bench-messages.ts';
import { startHlsRelay } from './hls-relay.ts';
import { startNmsRelay } from './nms-relay.ts';

/**
 * `npm run bench:egress`: N camlab cameras (the stream benchmark's simulator shards) read over
 * RTSP by camlab's egress readers, on one thread and in K worker threads, and beside them in the
 * same run the floor (the same sessions read off the sockets, packets skipped unparsed) and a
 * peer (ffmpeg `-c copy -f null` processes, one per stream, at a smaller N); then HTTP-FLV
 * restreamed by node-media-server and HLS written by ffmpeg, each read by camlab, the floor and
 * ffmpeg at a small N. Reports reader CPU
 * per delivered frame (frames the simulator sent in the window), frames counted against frames
 * sent, and the ratios.
 */
const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '200,1000' },
    workers: { type: 'string', default: String(availableParallelism()) },
    'ffmpeg-streams': { type: 'string', default: '40' },
    'flv-streams': { type: 'string', default: '10' },
    // 20: fewer ffmpeg HLS readers spend too few 10 ms clock ticks in a window to be measured.
    'hls-streams': { type: 'string', default: '20' },
    profile: { type: 'string', default: 'main' },
    'duration-s': { type: 'string', default: '10' },
    'warmup-s': { type: 'string', default: '5' },
    shards: { type: 'string', default: String(availableParallelism()) },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    'npm run bench:egress -- [--streams 200,1000,2000] [--workers K] [--ffmpeg-streams M] [--flv-streams F] [--hls-streams H] [--profile main|sub] [--duration-s S] [--warmup-s S] [--shards K]',
  );
  process.exit(0);
}
// --streams 0 leaves the RTSP phases out (to measure HTTP-FLV or HLS alone).
const sizes = args.streams
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const maxRtspN = Math.max(0, ...sizes);
const K = Math.max(1, Number(args.workers));
const ffmpegN = Number(args['ffmpeg-streams']);
const flvN = Number(args['flv-streams']);
const hlsN = Number(args['hls-streams']);
/** Cameras the simulator serves: enough for every phase. */
const maxN = Math.max(maxRtspN, flvN, hlsN);
const profile = args.profile === 'sub' ? 'sub' : 'main';
const durationMs = Number(args['duration-s']) * 1000;
const warmupMs = Number(args['warmup-s']) * 1000;
const shards = Math.max(1, Number(args.shards));
const OPEN_DEADLINE_MS = 120_000;
const REPLY_DEADLINE_MS = 180_000;
const here = fileURLToPath(new URL('.', import.meta.url));
// CAMLAB_BENCH_PROF=DIR writes a V8 CPU profile of each reader process there (node --cpu-prof).
const profDir = process.env.CAMLAB_BENCH_PROF;
const readerArgv = [
  '--import',
  'tsx',
  ...(profDir === undefined || profDir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`]),
];
const simShard = fileURLToPath(new URL('../../../simulators/rtsp/bench/sim-shard.ts', import.meta.url));

killChildrenOnInterrupt();

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asks a child with this bench's deadline. */
function ask<R extends { type: string }>(child: ChildProcess, msg: object, replyType: R['type']): Promise<R> {
  return askChild<R>(child, msg, replyType, REPLY_DEADLINE_MS);
}

interface Simulator {
  streams: { camera: string; url: string }[];
  sent(): Promise<number>;
  cpuUs(): Promise<number>;
  stop(): Promise<void>;
}

async function startSimulator(n: number): Promise<Simulator> {
  const servers = await startServerShards({
    script: simShard,
    execArgv: ['--import', 'tsx'],
    shards,
    cameras: n,
    deadlineMs: REPLY_DEADLINE_MS,
  });
  const { readies, sample } = servers;
  return {
    // Shard i holds cameras bench-(i*per).. in order, so the targets' order is the cameras'.
    streams: readies
      .flatMap((r) => r.targets)
      .map((t, g) => {
        const u = new URL(t.url!.replace('/stream/main', `/stream/${profile}`));
        u.username = BENCH_USER;
        u.password = BENCH_PASSWORD;
        return { camera: `bench-${g}`, url: u.toString() };
      }),
    sent: async () => (await sample()).reduce((n, s) => n + s.framesSent, 0),
    cpuUs: async () => (await sample()).reduce((n, s) => n + s.cpuUs, 0),
    stop: () => servers.stop(),
  };
}

interface PhaseResult {
  name: string;
  streams: number;
  /** Reader CPU over the window, µs. */
  cpuUs: number;
  /** Frames the simulator sent over the window (delivered to this phase's readers). */
  sentInWindow: number;
  /** Frames the readers counted over the window (camlab: in the intervals recorded in it). */
  countedInWindow: number | undefined;
  /** Frames counted and frames sent from the readers' start to their stop. */
  counted: number | undefined;
  sent: number;
  /** ffmpeg: its CPU in clock ticks (/proc counts 10 ms ones), what the figure rests on. */
  clockTicks?: number;
}

/** One reader process reading `streams`: camlab's readers (in `workers` threads) or the floor. */
async function readerPhase(
  sim: Simulator,
  name: string,
  streams: { camera: string; url: string }[],
  mode: 'camlab' | 'floor',
  workers: number,
  protocol: EgressProtocol = 'rtsp',
): Promise<PhaseResult> {
  const n = streams.length;
  const child = track(
    fork(`${here}egress-reader-proc.ts`, [], {
      execArgv: readerArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const sample = (): Promise<Extract<EgressBenchReply, { type: 'sample' }>> =>
    ask<Extract<EgressBenchReply, { type: 'sample' }>>(
      child,
      { type: 'sample' } satisfies EgressBenchRequest,
      'sample',
    );
  const sentBefore = await sim.sent();
  await ask(child, { type: 'start', mode, protocol, streams, workers } satisfies EgressBenchRequest, 'started');
  // Wait until every stream delivers (or the deadline), then let it settle.
  const openBy = Date.now() + OPEN_DEADLINE_MS;
  let open = 0;
  while (Date.now() < openBy && (open = (await sample()).open) < n) await wait(500);
  if (open < n) console.log(`${name}: ${open} of ${n} streams delivering after ${OPEN_DEADLINE_MS / 1000} s`);
  await wait(warmupMs);
  const [a0, s0] = await Promise.all([sample(), sim.sent()]);
  await wait(durationMs);
  const [a1, s1] = await Promise.all([sample(), sim.sent()]);
  const stopped = ask<Extract<EgressBenchReply, { type: 'stopped' }>>(
    child,
    { type: 'stop' } satisfies EgressBenchRequest,
    'stopped',
  );
  const exited = once(child, 'exit');
  const { frames } = await stopped;
  await Promise.race([exited, wait(15_000).then(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'))]);
  // Sessions end on TEARDOWN or the closed socket; give the simulator a moment to count its last frames.
  await wait(1_000);
  return {
    name,
    streams: n,
    cpuUs: a1.cpuUs - a0.cpuUs,
    sentInWindow: s1 - s0,
    countedInWindow: a1.frames - a0.frames,
    counted: mode === 'camlab' ? frames : undefined,
    sent: (await sim.sent()) - sentBefore,
  };
}

/** ffmpeg reading `streams`, one process each, copying the video to nowhere. */
async function ffmpegPhase(
  sim: Simulator,
  name: string,
  streams: { camera: string; url: string }[],
): Promise<PhaseResult> {
  const n = streams.length;
  const rtsp = streams[0]?.url.startsWith('rtsp:') ?? true;
  const procs = streams.map((s) =>
    track(
      spawn(
        ffmpegPath(),
        [
          '-nostdin',
          '-loglevel',
          'error',
          ...(rtsp ? ['-rtsp_transport', 'tcp'] : []),
          '-i',
          s.url,
          '-map',
          '0:v',
          '-c',
          'copy',
          '-f',
          'null',
          '-',
        ],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      ),
    ),
  );
  const cpu = (): number =>
    procs.reduce((t, p) => (p.exitCode === null && p.signalCode === null ? t + procCpuUs(p.pid!) : t), 0);
  await wait(warmupMs + 3_000);
  const alive = procs.filter((p) => p.exitCode === null && p.signalCode === null).length;
  if (alive < n) console.log(`ffmpeg: ${alive} of ${n} processes still reading`);
  const [c0, s0] = [cpu(), await sim.sent()];
  await wait(durationMs);
  const [c1, s1] = [cpu(), await sim.sent()];
  await Promise.all(
    procs.map(async (p) => {
      if (p.exitCode !== null || p.signalCode !== null) return;
      const exited = once(p, 'exit');
      p.kill('SIGTERM');
      await Promise.race([exited, wait(10_000).then(() => p.exitCode === null && process.kill(p.pid!, 'SIGKILL'))]);
    }),
  );
  await wait(1_000);
  return {
    name,
    streams: n,
    cpuUs: c1 - c0,
    sentInWindow: s1 - s0,
    countedInWindow: undefined,
    counted: undefined,
    sent: 0,
    clockTicks: Math.round((c1 - c0) / 10_000),
  };
}

const perFrame = (r: PhaseResult): number => r.cpuUs / Math.max(1, r.sentInWindow);

function describe(r: PhaseResult): string {
  return [
    r.name.padEnd(12),
    `streams ${String(r.streams).padStart(5)}`,
    `cpu ${perFrame(r).toFixed(2).padStart(7)} us/frame (${(r.cpuUs / durationMs / 10).toFixed(0)}% of a core)`,
    `sent in window ${r.sentInWindow}`,
    r.countedInWindow === undefined ? '' : `counted in window ${r.countedInWindow}`,
    r.clockTicks === undefined ? '' : `(${r.clockTicks} clock ticks over ${r.streams} processes)`,
    r.counted === undefined
      ? ''
      : `counted/sent ${r.counted}/${r.sent} (${((100 * r.counted) / Math.max(1, r.sent)).toFixed(2)}%)`,
  ]
    .filter((s) => s !== '')
    .join('  ');
}

/**
 * One relayed protocol: camlab's reader, the floor (the same requests, bodies drained) and
 * ffmpeg read the relay's streams in turn. Frames delivered are what the simulator sent the relay.
 */
async function relayPhases(
  sim: Simulator,
  protocol: 'http-flv' | 'hls',
  relay: { streams: { camera: string; url: string }[]; stop(): Promise<void> },
): Promise<Record<string, unknown>> {
  const label = protocol === 'http-flv' ? 'flv' : 'hls';
  try {
    const one = await readerPhase(sim, `${label} camlab`, relay.streams, 'camlab', 0, protocol);
    console.log(describe(one), `(load ${loadavg()[0]!.toFixed(1)})`);
    const floor = await readerPhase(sim, `${label} floor`, relay.streams, 'floor', 0, protocol);
    console.log(describe(floor), `(load ${loadavg()[0]!.toFixed(1)})`);
    const peer = await ffmpegPhase(sim, `${label} ffmpeg`, relay.streams);
    console.log(describe(peer), `(load ${loadavg()[0]!.toFixed(1)})`);
    return {
      protocol,
      streams: relay.streams.length,
      cpu_us_per_frame: Number(perFrame(one).toFixed(3)),
      floor_cpu_us_per_frame: Number(perFrame(floor).toFixed(3)),
      ffmpeg_cpu_us_per_frame: Number(perFrame(peer).toFixed(3)),
      ratio_to_floor: Number((perFrame(one) / perFrame(floor)).toFixed(2)),
      ratio_to_ffmpeg: Number((perFrame(one) / perFrame(peer)).toFixed(3)),
      ...(protocol === 'hls'
        ? { counted_in_window_ratio: Number((one.countedInWindow! / Math.max(1, one.sentInWindow)).toFixed(4)) }
        : {}),
    };
  } finally {
    await relay.stop();
  }
}

/** HTTP-FLV: node-media-server relays the cameras (one ffmpeg pull each, as the NMS e2e does). */
async function flvPhases(
  sim: Simulator,
  cameras: { camera: string; url: string }[],
): Promise<Record<string, unknown>[]> {
  if (!nmsInstalled()) {
    console.log('HTTP-FLV: skipped, the node-media-server package is not installed');
    return [];
  }
  return [await relayPhases(sim, 'http-flv', await startNmsRelay(cameras))];
}

/**
 * HLS: one ffmpeg per camera writes live HLS from its RTSP stream, served by a static server on
 * loopback (hls-relay.ts); camlab's HLS reader, the floor (the same playlist reloads and segment
 * GETs) and ffmpeg's HLS demuxer read it. The readers get the frames a segment later, at the same rate.
 */
async function hlsPhases(
  sim: Simulator,
  cameras: { camera: string; url: string }[],
): Promise<Record<string, unknown>[]> {
  return [await relayPhases(sim, 'hls', await startHlsRelay(cameras))];
}

async function main(): Promise<void> {
  console.log(
    `bench:egress N=${sizes.join(',')} workers=${K} ffmpeg streams=${ffmpegN} flv streams=${flvN} hls streams=${hlsN} profile=${profile} duration=${durationMs / 1000}s warmup=${warmupMs / 1000}s simulator shards=${shards} cores=${availableParallelism()} load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const sim = await startSimulator(maxN);
  const results: Record<string, unknown>[] = [];
  try {
    for (const n of sizes) {
      const streams = sim.streams.slice(0, n);
      const one = await readerPhase(sim, 'camlab', streams, 'camlab', 0);
      console.log(describe(one), `(load ${loadavg()[0]!.toFixed(1)})`);
      const pooled = await readerPhase(sim, `camlab x${K}`, streams, 'camlab', K);
      console.log(describe(pooled), `(load ${loadavg()[0]!.toFixed(1)})`);
      const floor = await readerPhase(sim, 'floor', streams, 'floor', 0);
      console.log(describe(floor), `(load ${loadavg()[0]!.toFixed(1)})`);
      results.push({
        streams: n,
        cpu_us_per_frame: Number(perFrame(one).toFixed(3)),
        workers_cpu_us_per_frame: Number(perFrame(pooled).toFixed(3)),
        floor_cpu_us_per_frame: Number(perFrame(floor).toFixed(3)),
        ratio_to_floor: Number((perFrame(one) / perFrame(floor)).toFixed(2)),
        workers_ratio_to_floor: Number((perFrame(pooled) / perFrame(floor)).toFixed(2)),
        counted_ratio: Number((one.counted! / Math.max(1, one.sent)).toFixed(5)),
        workers_counted_ratio: Number((pooled.counted! / Math.max(1, pooled.sent)).toFixed(5)),
      });
    }
    if (ffmpegN > 0 && maxRtspN > 0) {
      const n = Math.min(ffmpegN, maxRtspN);
      const peer = await ffmpegPhase(sim, 'ffmpeg', sim.streams.slice(0, n));
      console.log(describe(peer), `(load ${loadavg()[0]!.toFixed(1)})`);
      // camlab at the peer's N, in the same run, for the ratio.
      const one = await readerPhase(sim, 'camlab', sim.streams.slice(0, n), 'camlab', 0);
      console.log(describe(one), `(load ${loadavg()[0]!.toFixed(1)})`);
      results.push({
        streams: n,
        cpu_us_per_frame: Number(perFrame(one).toFixed(3)),
        ffmpeg_cpu_us_per_frame: Number(perFrame(peer).toFixed(3)),
        ratio_to_ffmpeg: Number((perFrame(one) / perFrame(peer)).toFixed(3)),
      });
    }
    if (flvN > 0) results.push(...(await flvPhases(sim, sim.streams.slice(0, Math.min(flvN, maxN)))));
    if (hlsN > 0) results.push(...(await hlsPhases(sim, sim.streams.slice(0, Math.min(hlsN, maxN)))));
  } finally {
    await sim.stop();
  }
  for (const r of results) console.log(JSON.stringify(r));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench:egress failed:', err);
    killAll();
    process.exit(3);
  },
);
