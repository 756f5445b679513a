import { z } from 'zod';
import type { StreamProfileSpec } from '../../simulators/camera/camera-model.ts';
import type { SessionsMeasured } from '../../simulators/rtsp/bench/measure-sessions.ts';

/** The JSON line simulators/fleet/bench/fleet.ts ends with: the idle fleet and its floor. */
export const fleetBenchSchema = z.object({
  cameras: z.number().int().positive(),
  sites: z.number().int().positive(),
  workers: z.number().int().min(0),
  discovery: z.boolean(),
  start_ms: z.number(),
  verify_ms: z.number(),
  /** NaN (null in JSON) when the fleet ran on worker threads: their memory is not this process's. */
  rss_kib_per_camera: z.number().nullable(),
  heap_kib_per_camera: z.number().nullable(),
  outage_cameras: z.number().int().min(0),
  outage_apply_ms: z.number(),
  outage_clear_ms: z.number(),
  floor_start_ms: z.number(),
  floor_verify_ms: z.number(),
  floor_rss_kib_per_camera: z.number(),
});
export type FleetBench = z.infer<typeof fleetBenchSchema>;

/** One camera profile served by the simulator and, in the same run, by the floor. */
export interface ProfileMeasured {
  profile: StreamProfileSpec;
  simulator: SessionsMeasured;
  floor: SessionsMeasured;
}

export interface CapacityMeasurements {
  model: { id: string; manufacturer: string; model: string };
  cores: number;
  /** One-minute load average when the run started and when it ended. */
  loadAverage: { start: number; end: number };
  main: ProfileMeasured;
  sub: ProfileMeasured;
  fleet: FleetBench;
}

/** The figures of one server (simulator or floor) at one profile. */
export interface ServingFigures {
  sessions: number;
  /** 1 / (the server process's share of one core per stream). */
  streams_per_core: number | null;
  /** The server's CPU per stream-second, the median over the window's slices. */
  cpu_us_per_stream_second: number | null;
  /** Frames the readers received that arrived more than one frame interval behind schedule. */
  late_frame_ratio: number | null;
  /** Frames received over frames due (sessions x fps x window). */
  delivered_ratio: number | null;
  /** Frames the server skipped (late clock slots, full socket queues) over frames due from it. */
  dropped_frame_ratio: number | null;
  rss_kib_per_session: number | null;
  heap_kib_per_session: number | null;
  /** The figure held: under 1% of frames late and under 1% skipped by the server (bench:streams' bar). */
  held: boolean;
}

export interface ProfileCapacity {
  codec: string;
  width: number;
  height: number;
  fps: number;
  bitrate_kbps: number;
  sessions_asked: number;
  window_s: number;
  simulator: ServingFigures;
  floor: ServingFigures;
  /** The simulator's CPU per stream over the floor's (1 = a bare socket's cost; below 1 = cheaper). */
  cpu_ratio: number | null;
  /**
   * The simulator's RSS per playing session over the floor's. The floor's RSS moves with the
   * garbage its per-tick frame copies leave, so this ratio is the noisier of the two.
   */
  rss_ratio: number | null;
  /** The simulator's heap per playing session over the floor's: what a session holds. */
  heap_ratio: number | null;
}

/** The one JSON line `camlab bench` ends with. README's `camlab bench` section documents each field. */
export interface CapacityJson {
  model: string;
  cores: number;
  load_average_start: number;
  load_average_end: number;
  main: ProfileCapacity;
  sub: ProfileCapacity;
  idle_camera: {
    cameras: number;
    rss_kib: number | null;
    heap_kib: number | null;
    floor_rss_kib: number;
    memory_ratio: number | null;
  };
  fleet: FleetBench;
}

/**
 * a / b, or null when either is not a finite number, a is negative or b is not positive (a
 * memory delta below zero is the allocator handing pages back, not a cost).
 */
function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || a < 0 || b <= 0) return null;
  return a / b;
}

/** The median of the numbers present; null when none is. */
function median(xs: (number | null)[]): number | null {
  const sorted = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A delta shared out over n, negative deltas kept (the reader sees the noise); null when n is 0. */
function perEach(delta: number, n: number): number | null {
  return n > 0 ? delta / n : null;
}

function round(x: number | null, digits: number): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits));
}

/** Late and skipped frames a run may have and still say its streams per core held. */
export const HELD_BELOW_RATIO = 0.01;

function serving(m: SessionsMeasured, fps: number): ServingFigures {
  const windowS = m.windowMs / 1000;
  const streamSeconds = m.sessionsOpen * windowS;
  // The median slice: a burst of other work on the machine in one slice does not set the figure.
  const cpuUsPerStreamSecond = median(m.serverCpuSlices.map((sl) => ratio(sl.cpuUs, (m.sessionsOpen * sl.ms) / 1000)));
  const late = round(ratio(m.lateFrames, m.framesReceived), 5);
  const dropped = round(ratio(m.framesDropped, m.framesSent + m.framesDropped), 5);
  return {
    sessions: m.sessionsOpen,
    // A stream-second costs cpuUs microseconds of CPU; a core has 1e6 of them each second.
    streams_per_core: round(ratio(1e6, cpuUsPerStreamSecond), 0),
    cpu_us_per_stream_second: round(cpuUsPerStreamSecond, 1),
    late_frame_ratio: late,
    delivered_ratio: round(ratio(m.framesReceived, streamSeconds * fps), 4),
    dropped_frame_ratio: dropped,
    rss_kib_per_session: round(perEach(m.memoryPlaying.rssKb - m.memoryIdle.rssKb, m.sessionsOpen), 1),
    heap_kib_per_session: round(perEach(m.memoryPlaying.heapKb - m.memoryIdle.heapKb, m.sessionsOpen), 1),
    held: late !== null && dropped !== null && late < HELD_BELOW_RATIO && dropped < HELD_BELOW_RATIO,
  };
}

function profileCapacity(p: ProfileMeasured): ProfileCapacity {
  const simulator = serving(p.simulator, p.profile.fps);
  const floor = serving(p.floor, p.profile.fps);
  return {
    codec: p.profile.codec,
    width: p.profile.width,
    height: p.profile.height,
    fps: p.profile.fps,
    bitrate_kbps: p.profile.bitrateKbps,
    sessions_asked: p.simulator.sessionsAsked,
    window_s: round(p.simulator.windowMs / 1000, 1)!,
    simulator,
    floor,
    cpu_ratio: round(ratio(simulator.cpu_us_per_stream_second, floor.cpu_us_per_stream_second), 2),
    rss_ratio: round(ratio(simulator.rss_kib_per_session, floor.rss_kib_per_session), 2),
    heap_ratio: round(ratio(simulator.heap_kib_per_session, floor.heap_kib_per_session), 2),
  };
}

/** Turns a run's measurements into the JSON line's object. Pure. */
export function capacityJson(m: CapacityMeasurements): CapacityJson {
  const rss = m.fleet.rss_kib_per_camera;
  return {
    model: m.model.id,
    cores: m.cores,
    load_average_start: round(m.loadAverage.start, 2)!,
    load_average_end: round(m.loadAverage.end, 2)!,
    main: profileCapacity(m.main),
    sub: profileCapacity(m.sub),
    idle_camera: {
      cameras: m.fleet.cameras,
      rss_kib: rss,
      heap_kib: m.fleet.heap_kib_per_camera,
      floor_rss_kib: m.fleet.floor_rss_kib_per_camera,
      memory_ratio: round(ratio(rss, m.fleet.floor_rss_kib_per_camera), 2),
    },
    fleet: m.fleet,
  };
}

const show = (x: number | null, digits: number, unit = ''): string =>
  x === null ? 'n/a' : `${x.toFixed(digits)}${unit}`;
const percent = (x: number | null, digits = 2): string => (x === null ? 'n/a' : `${(100 * x).toFixed(digits)}%`);
const times = (x: number | null): string => (x === null ? 'n/a' : `${x.toFixed(2)}x`);

function row(label: string, simulator: string, floor: string, vsFloor: string, note: string): string {
  return `  ${label.padEnd(20)}${simulator.padStart(13)}${floor.padStart(13)}${vsFloor.padStart(10)}   ${note}`;
}

function openNote(f: ServingFigures, asked: number): string {
  return f.sessions === asked ? '' : ` (${f.sessions} of ${asked} open)`;
}

function profileRows(name: string, p: ProfileCapacity): string[] {
  const s = p.simulator;
  const f = p.floor;
  return [
    `${name.padEnd(5)} ${p.codec} ${p.width}x${p.height} ${p.fps} fps ${p.bitrate_kbps} kbps: ${p.sessions_asked} sessions, ${p.window_s} s window`,
    row(
      'streams per core',
      show(s.streams_per_core, 0) + openNote(s, p.sessions_asked),
      show(f.streams_per_core, 0) + openNote(f, p.sessions_asked),
      times(p.cpu_ratio),
      `${s.held ? 'held' : 'NOT HELD'}: late ${percent(s.late_frame_ratio)}, skipped ${percent(s.dropped_frame_ratio)}, delivered ${percent(s.delivered_ratio, 1)} (floor ${f.held ? 'held' : 'NOT HELD'}: ${percent(f.late_frame_ratio)}, ${percent(f.dropped_frame_ratio)}, ${percent(f.delivered_ratio, 1)})`,
    ),
    row(
      'RSS per session',
      show(s.rss_kib_per_session, 1, ' KiB'),
      show(f.rss_kib_per_session, 1, ' KiB'),
      times(p.rss_ratio),
      'after GC, every session playing',
    ),
    row(
      'heap per session',
      show(s.heap_kib_per_session, 1, ' KiB'),
      show(f.heap_kib_per_session, 1, ' KiB'),
      times(p.heap_ratio),
      'V8 heap + external: what a session holds',
    ),
  ];
}

/** The short human table printed before the JSON line. Pure. */
export function capacityTable(j: CapacityJson, model: CapacityMeasurements['model']): string {
  const c = j.idle_camera;
  const fl = j.fleet;
  return [
    `camlab bench: ${j.model} (${model.manufacturer} ${model.model}) on ${j.cores} cores, load average ${j.load_average_start.toFixed(2)} at the start, ${j.load_average_end.toFixed(2)} at the end`,
    '',
    row('', 'simulator', 'floor', 'vs floor', ''),
    ...profileRows('main', j.main),
    ...profileRows('sub', j.sub),
    `idle camera: ${c.cameras} cameras${fl.workers > 0 ? ` on ${fl.workers} workers` : ''}`,
    row(
      'RSS per idle camera',
      show(c.rss_kib, 1, ' KiB'),
      show(c.floor_rss_kib, 1, ' KiB'),
      times(c.memory_ratio),
      `heap ${show(c.heap_kib, 1, ' KiB')}`,
    ),
    `fleet: every listener up in ${fl.start_ms.toFixed(0)} ms (floor ${fl.floor_start_ms.toFixed(0)} ms); outage on ${fl.outage_cameras} cameras applied in ${fl.outage_apply_ms.toFixed(0)} ms, cleared in ${fl.outage_clear_ms.toFixed(0)} ms`,
    '',
    'streams per core: 1 / the server process CPU share per stream, readers in other processes (not counted).',
    'floor: bare sockets writing the same bytes once per frame (sessions) and bare listeners (cameras);',
    'vs floor: the simulator cost over the floor (CPU per stream, memory per session or camera).',
    `held: under ${100 * HELD_BELOW_RATIO}% of frames late and skipped; NOT HELD means this machine was too busy for that many`,
    'sessions at the time: rerun when it is quieter, or with fewer --sessions.',
  ].join('\n');
}
