import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findBuiltinModel } from '../../../simulators/camera/camera-model.ts';
import { BENCH_MODEL_ID } from '../../../simulators/rtsp/bench/bench-messages.ts';
import { measureSessions, type SessionServer } from '../../../simulators/rtsp/bench/measure-sessions.ts';
import {
  capacityJson,
  capacityTable,
  fleetBenchSchema,
  type FleetBench,
  type ProfileMeasured,
} from '../../bench/capacity-report.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { wholeNumberOption } from '../number-option.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const usage = `Usage: camlab bench [--sessions N] [--window-s S] [--warmup-s S] [--reader-procs N]
                    [--cameras N] [--outage N] [--workers N] [--no-discovery]

The simulator's capacity on this machine, as the numbers you plan with, each beside the floor
measured in the same run:
  streams per core at the main and at the sub profile of the standard camera (${BENCH_MODEL_ID}):
    one simulator process serves N sessions to plain RTSP readers in other processes, and its
    CPU per stream-second gives streams per core, with the late frames at that load; the floor
    is a bare socket writing the same bytes once per frame;
  memory per playing session (RSS and heap after GC, per session);
  memory per idle camera, fleet start-up and outage apply/clear time (as npm run bench:fleet;
    the floor is bare listeners on the same addresses).
A short table on stderr, then one JSON line on stdout (fields: README, "camlab bench").

  --sessions N      sessions per profile (default 400)
  --window-s S      measuring window per run, seconds (default 8)
  --warmup-s S      time the sessions play before the window opens, seconds (default 3)
  --reader-procs N  processes the RTSP readers are spread over (default 1)
  --cameras N       idle fleet size (default 5000)
  --outage N        cameras the outage hits (default 1000)
  --workers N       fleet worker threads (default 0: one thread, so memory per camera is measurable)
  --no-discovery    fleet without the per-address WS-Discovery sockets`;

const fleetScript = fileURLToPath(new URL('../../../simulators/fleet/bench/fleet.ts', import.meta.url));

/** Runs the fleet bench in a child with --expose-gc (memory is read after collection) and reads its JSON line. */
async function fleetBench(args: string[], onChild: (pid: number | undefined) => void): Promise<FleetBench> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fleetScript, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onChild(child.pid);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  onChild(undefined);
  const line = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0) throw new CliError(`the fleet bench exited with ${code}:\n${err.slice(-2000)}`, ExitCode.infraError);
  let parsed;
  try {
    parsed = fleetBenchSchema.safeParse(JSON.parse(line));
  } catch {
    throw new CliError(
      `the fleet bench ended without its JSON line; it printed: ${line.slice(0, 200)}`,
      ExitCode.infraError,
    );
  }
  if (!parsed.success)
    throw new CliError(
      `the fleet bench's JSON line: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      ExitCode.infraError,
    );
  return parsed.data;
}

export const command: Command = {
  name: 'bench',
  summary: "the simulator's capacity on this machine: streams per core, memory per camera and per session",
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        sessions: { type: 'string' },
        'window-s': { type: 'string' },
        'warmup-s': { type: 'string' },
        'reader-procs': { type: 'string' },
        cameras: { type: 'string' },
        outage: { type: 'string' },
        workers: { type: 'string' },
        'no-discovery': { type: 'boolean' },
      },
      usage,
      false,
    );
    const sessions = wholeNumberOption('--sessions', values.sessions, { min: 1, max: 20_000 }, 400);
    const windowMs = 1000 * wholeNumberOption('--window-s', values['window-s'], { min: 1, max: 3600 }, 8);
    const warmupMs = 1000 * wholeNumberOption('--warmup-s', values['warmup-s'], { min: 0, max: 600 }, 3);
    const readerProcesses = wholeNumberOption('--reader-procs', values['reader-procs'], { min: 1, max: 64 }, 1);
    const fleetArgs: string[] = [];
    for (const flag of ['cameras', 'outage', 'workers'] as const) {
      const n = wholeNumberOption(`--${flag}`, values[flag], { min: flag === 'cameras' ? 1 : 0 });
      if (n !== undefined) fleetArgs.push(`--${flag}`, String(n));
    }
    if (values['no-discovery'] === true) fleetArgs.push('--no-discovery');

    let fleetPid: number | undefined;
    // Stopping the fleet child by its PID; the stream bench's children exit when this process does.
    const onSignal = (): void => {
      if (fleetPid !== undefined) process.kill(fleetPid, 'SIGKILL');
      console.error('camlab bench: interrupted');
      process.exit(ExitCode.interrupted);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const model = findBuiltinModel(BENCH_MODEL_ID)!;
      const loadStart = loadavg()[0]!;
      console.error(
        `camlab bench: idle fleet and its floor (npm run bench:fleet${fleetArgs.map((a) => ` ${a}`).join('')})`,
      );
      const fleet = await fleetBench(fleetArgs, (pid) => (fleetPid = pid));
      const measure = async (name: 'main' | 'sub', server: SessionServer) => {
        console.error(`camlab bench: ${name} profile, ${server}, ${sessions} sessions`);
        const m = await measureSessions({ server, profile: name, sessions, warmupMs, windowMs, readerProcesses });
        if (m.sessionsOpen === 0)
          throw new CliError(
            `no ${name} session stayed open on the ${server} (${m.openFailures} failed to open: ${m.firstOpenError ?? 'closed while playing'})`,
            ExitCode.infraError,
          );
        return m;
      };
      // In this order every pair compared (each profile with its floor, main with sub on the
      // simulator) runs back to back, so a change in the machine's other load between them is least.
      const mainFloor = await measure('main', 'floor');
      const mainSimulator = await measure('main', 'simulator');
      const subSimulator = await measure('sub', 'simulator');
      const subFloor = await measure('sub', 'floor');
      const profile = (name: 'main' | 'sub') => model.profiles.find((p) => p.name === name)!;
      const main: ProfileMeasured = { profile: profile('main'), simulator: mainSimulator, floor: mainFloor };
      const sub: ProfileMeasured = { profile: profile('sub'), simulator: subSimulator, floor: subFloor };
      const json = capacityJson({
        model: { id: model.id, manufacturer: model.manufacturer, model: model.model },
        cores: availableParallelism(),
        loadAverage: { start: loadStart, end: loadavg()[0]! },
        main,
        sub,
        fleet,
      });
      console.error(`\n${capacityTable(json, model)}`);
      console.log(JSON.stringify(json));
      return ExitCode.ok;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
