import { CliError, ExitCode } from './exit-codes.ts';
import type { Command } from './command.ts';
import { noteStep } from './last-step.ts';

/**
 * Commands are loaded lazily so that `camlab spec` does not pay for loading ffmpeg helpers,
 * and each command lives in its own file under commands/.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  demo: {
    summary: 'the go-live rehearsal demo on the embedded hub (= npm start)',
    load: () => import('./commands/demo.ts'),
  },
  sim: { summary: 'run a fleet of emulated cameras and print what it serves', load: () => import('./commands/sim.ts') },
  run: {
    summary: 'play a scenario against a hub and judge it against the specification',
    load: () => import('./commands/run.ts'),
  },
  load: { summary: 'load-test a hub: ramp streams, find the knee, report', load: () => import('./commands/load.ts') },
  probe: {
    summary: 'check a real camera against the device side of the specification',
    load: () => import('./commands/probe.ts'),
  },
  spec: { summary: 'print the specification', load: () => import('./commands/spec.ts') },
  quirks: { summary: 'list the camera quirks and personalities', load: () => import('./commands/quirks.ts') },
  validate: {
    summary: 'check scenario, fleet, adapter and profile files',
    load: () => import('./commands/validate.ts'),
  },
  compare: { summary: 'what regressed between two runs', load: () => import('./commands/compare.ts') },
  verify: {
    summary: 'check a report against its hashes and the files a tender names',
    load: () => import('./commands/verify.ts'),
  },
  bench: {
    summary: "the simulator's capacity on this machine: streams per core, memory per camera and per session",
    load: () => import('./commands/bench.ts'),
  },
  media: { summary: 'pre-generate and inspect the clip cache', load: () => import('./commands/media.ts') },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'camlab — camera and recorder simulator and test harness for CCTV monitoring hubs',
    '',
    'Usage: camlab <command> [options]   (camlab <command> --help for its options)',
    '',
    'Commands:',
    ...lines,
    '',
    'Exit codes: 0 pass, 1 a MUST failed or was not shown to hold (and not waived by --profile), 2 bad input, 3 infrastructure error, 99 a load threshold failed (camlab load), 130 interrupted',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return name === undefined ? ExitCode.badInput : ExitCode.ok;
  }
  const entry = commands[name];
  if (entry === undefined) {
    console.error(`camlab: unknown command '${name}'\n\n${helpText()}`);
    return ExitCode.badInput;
  }
  try {
    noteStep(`loading camlab ${name}`);
    const { command } = await entry.load();
    noteStep(`running camlab ${name}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(command.usage);
      return ExitCode.ok;
    }
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      console.error(`camlab ${name}: ${err.message}`);
      return err.exitCode;
    }
    console.error(`camlab ${name}: internal error:`, err);
    return ExitCode.infraError;
  }
}
