import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs } from '../parse-command-args.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const usage = `Usage: camlab bench [--cameras N] [--outage N] [--workers N] [--no-discovery]

The simulator's own capacity on this machine: starts a fleet over three sites and reports the
time until every camera answers ONVIF and RTSP, memory per idle camera, and the time to apply
and clear a power outage on part of it, beside the floor (bare listeners on the same
addresses). Ends with one JSON line. The same as \`npm run bench:fleet\`.

  --cameras N   fleet size (default 5000)
  --outage N    cameras the outage hits (default 1000)
  --workers N     worker threads (default 0: one thread, so memory per camera is measurable)
  --no-discovery  without the per-address WS-Discovery sockets`;

const benchScript = fileURLToPath(new URL('../../../simulators/fleet/bench/fleet.ts', import.meta.url));

export const command: Command = {
  name: 'bench',
  summary: "the simulator's own capacity on this machine",
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        cameras: { type: 'string' },
        outage: { type: 'string' },
        workers: { type: 'string' },
        'no-discovery': { type: 'boolean' },
      },
      usage,
      false,
    );
    const args: string[] = [];
    if (values['no-discovery'] === true) args.push('--no-discovery');
    for (const [flag, value] of Object.entries(values)) {
      if (value === undefined || typeof value === 'boolean') continue;
      if (!/^\d+$/.test(value))
        throw new CliError(`--${flag} expects a whole number, got '${value}'`, ExitCode.badInput);
      args.push(`--${flag}`, value);
    }
    // A child process with --expose-gc, so memory is measured after collection.
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', benchScript, ...args], {
      stdio: 'inherit',
    });
    const onSignal = (): void => void child.kill('SIGINT');
    process.on('SIGINT', onSignal);
    const [code] = (await new Promise((resolve) => child.once('exit', (c, s) => resolve([c, s])))) as [
      number | null,
      NodeJS.Signals | null,
    ];
    process.off('SIGINT', onSignal);
    if (code === 0) return ExitCode.ok;
    return code === null ? ExitCode.interrupted : ExitCode.infraError;
  },
};
