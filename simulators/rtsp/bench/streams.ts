import { fork, spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadPacketizedClip, clipEntryDir } from '../../../media/clip/clip-cache.ts';
import { ClipFiles } from '../../../media/clip/clip-generator.ts';
import { clipSpecFromProfile } from '../../../media/clip/clip-spec.ts';
import { ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import type { ReaderReply, ReaderRequest, StreamTarget } from './bench-messages.ts';
import { BENCH_PASSWORD, BENCH_USER } from './bench-messages.ts';
import { ask as askChild, killAll, killChildrenOnInterrupt, procCpuUs, track } from './bench-children.ts';
import { gstPython } from './gst-python.ts';
import { startServerShards } from './server-shards.ts';
import type { SendSpreadSummary } from './send-spread.ts';

/**
 * `npm run bench:streams`: N main-profile streams (25 fps) from C cameras (one session per
 * camera by default; `--cameras C` fans N sessions out over C) to a fleet of in-repo RTSP
 * readers over TCP, for a fixed time, and beside it in the same run the floor (a bare Node
 * socket writing the same bytes at the same cadence), the floor with merged writes
 * (`--merge-frames K`) and the peer (GStreamer's RTSP server, one shared media per camera).
 * Reports server CPU per delivered frame, late frames, memory per session and the floor's
 * send-time spread. The simulator and the floor alternate for `--rounds R` rounds and the ratio
 * is the median of each round's, so a neighbour's burst on a shared machine skews one round, not
 * the figure.
 */
const { values: args } = parseArgs({
  options: {
    streams: { type: 'string', default: '2000' },
    cameras: { type: 'string' },
    'duration-s': { type: 'string', default: '10' },
    'warmup-s': { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    shards: { type: 'string', default: String(availableParallelism()) },
    'reader-procs': { type: 'string', default: '2' },
    'skip-peer': { type: 'boolean', default: false },
    'peer-only': { type: 'boolean', default: false },
    'peer-threads': { type: 'string', default: '8' },
    'peer-max-cameras': { type: 'string', default: '250' },
    'merge-frames': { type: 'string', default: '' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    'npm run bench:streams -- [--streams N] [--cameras C] [--duration-s S] [--warmup-s S] [--rounds R] [--shards K] [--reader-procs R] [--skip-peer | --peer-only] [--peer-threads T] [--peer-max-cameras M] [--merge-frames K[,K...]]',
  );
  process.exit(0);
}
const N = Number(args.streams);
const C = Math.max(1, Math.min(N, Number(args.cameras ?? N)));
const peerThreads = Math.max(1, Number(args['peer-threads']));
// GStreamer runs a pipeline per camera: at 500 cameras on 2 cores it fell behind and drove the
// load average past 100, at 2,000 past 500 with two thirds of its sessions never opened.
const peerMaxCameras = Math.max(1, Number(args['peer-max-cameras']));
// Each K > 1 adds a phase: the floor writing every connection's frames K at a time.
const mergeFrames = args['merge-frames']
  .split(',')
  .filter((k) => k !== '')
  .map(Number)
  .filter((k) => k > 1);
const durationMs = Number(args['duration-s']) * 1000;
const warmupMs = Number(args['warmup-s']) * 1000;
const shards = Math.max(1, Number(args.shards));
const rounds = Math.max(1, Math.floor(Number(args.rounds)));
const readerProcs = Math.max(1, Number(args['reader-procs']));
const OPEN_DEADLINE_MS = 120_000;
const REPLY_DEADLINE_MS = 180_000;
const here = fileURLToPath(new URL('.', import.meta.url));
// CAMLAB_BENCH_PROF=DIR writes a V8 CPU profile of every child process there (node --cpu-prof).
const profDir = process.env.CAMLAB_BENCH_PROF;
const tsxArgv = [
  '--import',
  'tsx',
  ...(profDir === undefined || profDir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`]),
];
// The servers settle their memory (two full collections) before it is read.
const serverArgv = [...tsxArgv, '--expose-gc'];
const profile = findBuiltinModel('fixed-1080p')!.profiles.find((p) => p.name === 'main')!;

interface PhaseResult {
  name: string;
  streamsOpen: number;
  frames: number;
  lateFrames: number;
  cpuUs: number;
  /** CPU the reader fleet spent over the window: it shares the cores with the server. */
  readerCpuUs: number;
  rssKbPerSession: number | undefined;
  serverDropped: number | undefined;
  serverSent: number | undefined;
  /** The floor's, the worst shard's over the window. */
  sendSpread: SendSpreadSummary | undefined;
}

killChildrenOnInterrupt();

/** Asks a child with this bench's deadline. */
function ask<R extends { type: string }>(child: ChildProcess, msg: object, replyType: R['type']): Promise<R> {
  return askChild<R>(child, msg, replyType, REPLY_DEADLINE_MS);
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function split<T>(items: T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, i) => items.filter((_, j) => j % parts === i));
}

function procRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

interface ServerSide {
  targets: StreamTarget[];
  /** The server's RSS (KiB), after full collections where it can be asked for them. */
  rssKb(): Promise<number>;
  sample(): Promise<{
    cpuUs: number;
    rssKb: number;
    dropped: number | undefined;
    sent: number | undefined;
    sendSpread: SendSpreadSummary | undefined;
  }>;
  /** Sessions each reader process opens at once. */
  openConcurrency: number;
  /** Play each camera's first session, and let it run, before the others connect. */
  primeCameras: boolean;
  stop(): Promise<void>;
  credentials: boolean;
}

/** Session i plays camera i mod C, so the C cameras' sessions differ by at most one. */
function fanOut(cameras: StreamTarget[]): StreamTarget[] {
  return Array.from({ length: N }, (_, i) => cameras[i % cameras.length]!);
}

/** The larger of each figure over the shards: a spread is as bad as its worst shard. */
function worstSpread(spreads: (SendSpreadSummary | undefined)[]): SendSpreadSummary | undefined {
  const known = spreads.filter((x): x is SendSpreadSummary => x !== undefined);
  if (known.length === 0) return undefined;
  return {
    frames: known.reduce((n, x) => n + x.frames, 0),
    p50Ms: Math.max(...known.map((x) => x.p50Ms)),
    p99Ms: Math.max(...known.map((x) => x.p99Ms)),
    maxMs: Math.max(...known.map((x) => x.maxMs)),
  };
}

async function nodeServers(script: string, scriptArgs: string[] = []): Promise<ServerSide> {
  const servers = await startServerShards({
    script: join(here, script),
    args: scriptArgs,
    execArgv: serverArgv,
    shards,
    cameras: C,
    deadlineMs: REPLY_DEADLINE_MS,
  });
  const { readies } = servers;
  return {
    targets: fanOut(readies.flatMap((r) => r.targets)),
    rssKb: async () => (await servers.memory()).reduce((n, m) => n + m.rssKb, 0),
    credentials: script === 'sim-shard.ts',
    openConcurrency: 32,
    primeCameras: false,
    async sample() {
      const s = await servers.sample();
      return {
        cpuUs: s.reduce((n, x) => n + x.cpuUs, 0),
        rssKb: s.reduce((n, x) => n + x.rssKb, 0),
        dropped: s.reduce((n, x) => n + x.framesDropped, 0),
        sent: s.reduce((n, x) => n + x.framesSent, 0),
        sendSpread: worstSpread(s.map((x) => x.sendSpread)),
      };
    },
    stop: () => servers.stop(),
  };
}

async function gstServer(python: string, mp4: string): Promise<ServerSide> {
  const host = '127.11.250.1';
  const port = 18_554;
  const child = track(
    spawn(python, [join(here, 'gst-peer.py'), mp4, host, String(port), String(C), String(peerThreads)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('GStreamer peer did not start within 20 s')), 20_000);
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`GStreamer peer exited with ${code}`)));
  });
  return {
    targets: fanOut(Array.from({ length: C }, (_, i) => ({ host, port, url: `rtsp://${host}:${port}/cam${i}` }))),
    rssKb: () => Promise.resolve(procRssKb(child.pid!)),
    credentials: false,
    openConcurrency: 32,
    // A shared media asserts (gst_rtsp_media_get_rates) when a client PLAYs it before its first
    // data went through, while another client's PLAY starts it.
    primeCameras: true,
    sample: () =>
      Promise.resolve({
        cpuUs: procCpuUs(child.pid!),
        rssKb: procRssKb(child.pid!),
        dropped: undefined,
        sent: undefined,
        sendSpread: undefined,
      }),
    async stop() {
      const exited = once(child, 'exit');
      child.stdin!.end();
      if (child.exitCode !== null || child.signalCode !== null) return;
      await Promise.race([
        exited,
        wait(10_000).then(
          () => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'),
        ),
      ]);
    },
  };
}

async function runPhase(name: string, server: ServerSide): Promise<PhaseResult> {
  const readers = Array.from({ length: readerProcs }, () =>
    track(
      fork(join(here, 'reader-fleet.ts'), [], { execArgv: tsxArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    ),
  );
  try {
    const openStreams = (r: ChildProcess, targets: StreamTarget[]): Promise<Extract<ReaderReply, { type: 'opened' }>> =>
      ask<Extract<ReaderReply, { type: 'opened' }>>(
        r,
        {
          type: 'open',
          targets,
          username: server.credentials ? BENCH_USER : undefined,
          password: server.credentials ? BENCH_PASSWORD : undefined,
          concurrency: server.openConcurrency,
          deadlineMs: OPEN_DEADLINE_MS,
        } satisfies ReaderRequest,
        'opened',
      );
    // Listeners up, clip loaded, no session yet: what the sessions add is measured from here.
    const rssKbIdle = await server.rssKb();
    const opened: Extract<ReaderReply, { type: 'opened' }>[] = [];
    let targets = server.targets;
    if (server.primeCameras) {
      // fanOut puts camera i's first session at index i.
      const firsts = split(targets.slice(0, C), readerProcs);
      opened.push(...(await Promise.all(readers.map((r, i) => openStreams(r, firsts[i]!)))));
      await wait(2000);
      targets = targets.slice(C);
    }
    const parts = split(targets, readerProcs);
    opened.push(...(await Promise.all(readers.map((r, i) => openStreams(r, parts[i]!)))));
    const failed = opened.reduce((n, o) => n + o.failed, 0);
    if (failed > 0)
      console.log(
        `${name}: ${failed} of ${N} streams failed to open (${opened.find((o) => o.firstError)?.firstError})`,
      );
    await wait(warmupMs);
    const measure = (on: boolean): Promise<Extract<ReaderReply, { type: 'stats' }>[]> =>
      Promise.all(
        readers.map((r) =>
          ask<Extract<ReaderReply, { type: 'stats' }>>(r, { type: 'measure', on } satisfies ReaderRequest, 'stats'),
        ),
      );
    // Server and reader windows open and close together, so CPU and frames cover the same span.
    const [before, readersBefore] = await Promise.all([server.sample(), measure(true)]);
    await wait(durationMs);
    const [after, stats] = await Promise.all([server.sample(), measure(false)]);
    const rssKbPlaying = await server.rssKb();
    const frames = stats.reduce((n, s) => n + s.frames, 0);
    const open = stats.reduce((n, s) => n + s.open, 0);
    return {
      name,
      streamsOpen: open,
      frames,
      lateFrames: stats.reduce((n, s) => n + s.lateFrames, 0),
      cpuUs: after.cpuUs - before.cpuUs,
      readerCpuUs: stats.reduce((n, s) => n + s.cpuUs, 0) - readersBefore.reduce((n, s) => n + s.cpuUs, 0),
      rssKbPerSession: open > 0 ? (rssKbPlaying - rssKbIdle) / open : undefined,
      serverSent: after.sent === undefined || before.sent === undefined ? undefined : after.sent - before.sent,
      serverDropped:
        after.dropped === undefined || before.dropped === undefined ? undefined : after.dropped - before.dropped,
      sendSpread: after.sendSpread,
    };
  } finally {
    await Promise.all(
      readers.map(async (r) => {
        const exited = once(r, 'exit');
        r.send({ type: 'stop' } satisfies ReaderRequest);
        await Promise.race([exited, wait(10_000).then(() => r.exitCode === null && process.kill(r.pid!, 'SIGKILL'))]);
      }),
    );
    await server.stop();
  }
}

function describe(r: PhaseResult): string {
  const expected = (r.streamsOpen * 25 * durationMs) / 1000;
  return [
    r.name.padEnd(15),
    `streams ${r.streamsOpen}`,
    `frames ${r.frames} (${((100 * r.frames) / Math.max(1, expected)).toFixed(1)}% of schedule)`,
    `cpu ${(r.cpuUs / Math.max(1, r.frames)).toFixed(2)} us/frame (${(r.cpuUs / durationMs / 10).toFixed(0)}% of a core)`,
    `late ${((100 * r.lateFrames) / Math.max(1, r.frames)).toFixed(2)}%`,
    `readers ${(r.readerCpuUs / Math.max(1, r.frames)).toFixed(2)} us/frame (${(r.readerCpuUs / durationMs / 10).toFixed(0)}% of a core)`,
    r.rssKbPerSession === undefined ? '' : `rss ${r.rssKbPerSession.toFixed(1)} KiB/session`,
    r.serverSent === undefined ? '' : `server sent ${r.serverSent}`,
    r.serverDropped === undefined ? '' : `dropped ${r.serverDropped}`,
    r.sendSpread === undefined
      ? ''
      : `send spread p50 ${r.sendSpread.p50Ms} ms p99 ${r.sendSpread.p99Ms} ms max ${r.sendSpread.maxMs} ms`,
  ]
    .filter((s) => s !== '')
    .join('  ');
}

async function main(): Promise<void> {
  const spec = clipSpecFromProfile(profile);
  await loadPacketizedClip(spec);
  // Other work on the machine skews lateness; the load average says how much there was.
  console.log(
    `bench:streams N=${N} cameras=${C} duration=${durationMs / 1000}s warmup=${warmupMs / 1000}s shards=${shards} reader processes=${readerProcs} cores=${availableParallelism()} load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const loads: number[] = [];
  const report = (r: PhaseResult): void => {
    loads.push(loadavg()[0]!);
    console.log(describe(r), `(load ${loadavg()[0]!.toFixed(1)})`);
  };
  const peerOnly = args['peer-only'];
  const sims: PhaseResult[] = [];
  const floors: PhaseResult[] = [];
  for (let i = 0; i < (peerOnly ? 0 : rounds); i++) {
    const round = rounds > 1 ? ` ${i + 1}/${rounds}` : '';
    const sim = await runPhase(`simulator${round}`, await nodeServers('sim-shard.ts'));
    report(sim);
    sims.push(sim);
    const floor = await runPhase(`floor${round}`, await nodeServers('floor-shard.ts'));
    report(floor);
    floors.push(floor);
  }
  const merged: { frames: number; result: PhaseResult }[] = [];
  for (const k of peerOnly ? [] : mergeFrames) {
    const result = await runPhase(`floor-m${k}`, await nodeServers('floor-shard.ts', ['--merge-frames', String(k)]));
    report(result);
    merged.push({ frames: k, result });
  }
  let peer: PhaseResult | undefined;
  const gst = args['skip-peer'] || C > peerMaxCameras ? { skipped: true } : gstPython();
  if ('skipped' in gst) {
    console.log(
      args['skip-peer']
        ? 'peer: skipped (--skip-peer), reported as null'
        : `peer: not run with ${C} cameras (GStreamer runs a pipeline per camera and swamps this machine past ${peerMaxCameras}; fan the sessions out with --cameras 20, or raise --peer-max-cameras on a larger machine), reported as null`,
    );
  } else if ('missing' in gst) {
    console.log(
      `peer: GStreamer RTSP server unavailable (${gst.missing}); install gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gst-1.0. peer reported as null`,
    );
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'camlab-bench-'));
    try {
      // The same clip in MP4, so GStreamer paces it by its timestamps, repeated to outlast the
      // run: the peer loops it, but its timestamps restart at each loop, and a client backlog that
      // spans one asserts (gst_rtsp_stream_transport_backlog_push: queue_duration >= 0).
      const loops = Math.ceil((OPEN_DEADLINE_MS + warmupMs + durationMs + 30_000) / 1000 / spec.durationS);
      const annexB = readFileSync(join(await clipEntryDir(spec), ClipFiles.annexB(spec)));
      const long = join(dir, 'clip.h264');
      writeFileSync(long, Buffer.concat(Array.from({ length: loops }, () => annexB)));
      const mp4 = join(dir, 'clip.mp4');
      execFileSync(ffmpegPath(), ['-v', 'error', '-r', String(spec.fps), '-i', long, '-c', 'copy', mp4]);
      peer = await runPhase('peer', await gstServer(gst.python, mp4));
      report(peer);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const dropRatio = (r: PhaseResult | undefined): number | null =>
    r?.serverSent === undefined || r.serverDropped === undefined
      ? null
      : Number((r.serverDropped / Math.max(1, r.serverSent + r.serverDropped)).toFixed(5));
  const perFrame = (r: PhaseResult | undefined): number | null =>
    r === undefined || r.frames === 0 ? null : Number((r.cpuUs / r.frames).toFixed(3));
  const lateRatio = (r: PhaseResult | undefined): number | null =>
    r === undefined ? null : Number((r.lateFrames / Math.max(1, r.frames)).toFixed(5));
  const ratio = (a: number | null, b: number | null): number | null =>
    a === null || b === null || b === 0 ? null : Number((a / b).toFixed(3));
  const rss = (r: PhaseResult | undefined): number | null =>
    r?.rssKbPerSession === undefined ? null : Number(r.rssKbPerSession.toFixed(1));
  const median = (xs: (number | null)[]): number | null => {
    const known = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    if (known.length === 0) return null;
    const mid = known.length >> 1;
    return Number((known.length % 2 === 1 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2).toFixed(3));
  };
  /** The rounds' frames, late frames, drops and sends summed, as one phase, for the ratios of counts. */
  const summed = (rs: PhaseResult[]): PhaseResult | undefined =>
    rs.length === 0
      ? undefined
      : {
          ...rs[0]!,
          frames: rs.reduce((n, r) => n + r.frames, 0),
          lateFrames: rs.reduce((n, r) => n + r.lateFrames, 0),
          serverSent: rs.some((r) => r.serverSent === undefined)
            ? undefined
            : rs.reduce((n, r) => n + r.serverSent!, 0),
          serverDropped: rs.some((r) => r.serverDropped === undefined)
            ? undefined
            : rs.reduce((n, r) => n + r.serverDropped!, 0),
        };
  const sim = summed(sims);
  const floor = summed(floors);
  // Each round's simulator against the floor measured right after it.
  const roundRatios = sims.map((r, i) => ratio(perFrame(r), perFrame(floors[i])));
  const simPerFrame = median(sims.map(perFrame));
  const floorPerFrame = median(floors.map(perFrame));
  if (rounds > 1 && sims.length > 0)
    console.log(
      `simulator over floor per round ${roundRatios.map((x) => `${x}x`).join(' ')}; median ${median(roundRatios)}x`,
    );
  console.log(
    JSON.stringify({
      streams: N,
      cameras: C,
      rounds: sims.length,
      cpu_us_per_frame: simPerFrame,
      floor_cpu_us_per_frame: floorPerFrame,
      peer_cpu_us_per_frame: perFrame(peer),
      sim_over_floor: median(roundRatios),
      sim_over_floor_per_round: roundRatios,
      sim_over_peer: ratio(simPerFrame, perFrame(peer)),
      late_frame_ratio: lateRatio(sim),
      floor_late_frame_ratio: lateRatio(floor),
      peer_late_frame_ratio: lateRatio(peer),
      // Frames the server never sent (clock skipped late slots, or a full socket): counted, not hidden.
      dropped_frame_ratio: dropRatio(sim),
      floor_dropped_frame_ratio: dropRatio(floor),
      rss_kb_per_session: median(sims.map(rss)),
      peer_rss_kb_per_session: rss(peer),
      floor_send_spread_ms: worstSpread(floors.map((f) => f.sendSpread)) ?? null,
      merged_writes: merged.map(({ frames, result }) => ({
        frames_per_write: frames,
        cpu_us_per_frame: perFrame(result),
        over_floor: ratio(perFrame(result), floorPerFrame),
        late_frame_ratio: lateRatio(result),
        dropped_frame_ratio: dropRatio(result),
        send_spread_ms: result.sendSpread ?? null,
      })),
      load_average_per_phase: loads.map((l) => Number(l.toFixed(1))),
    }),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench:streams failed:', err);
    killAll();
    process.exit(3);
  },
);
