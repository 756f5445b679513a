import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommandArgs } from '../parse-command-args.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { InputError } from '../../../simulators/config/yaml-document.ts';
import { defaultReportsDir, renderMarkdownSummary, writeReports } from '../../../reports/write-reports.ts';
import { checkHubAdapterRef } from '../../hubs/registry.ts';
import { runScenario } from '../../runner/run-scenario.ts';
import { defaultRunDeps } from '../../runner/default-run-deps.ts';
import { defaultScenarioContext } from '../../scenario/default-scenario-context.ts';
import { speedSchema } from '../../scenario/duration.ts';
import { hubInstances } from '../../scenario/hub-instances.ts';
import { loadScenario, type RunOverrides } from '../../scenario/load-scenario.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { installInterruptHandler } from '../interrupt-handler.ts';

const usage = `Usage: camlab run SCENARIO [options]

Plays a scenario against a hub and judges the hub against the specification. The scenario,
its fleet and any adapter file are validated before anything starts.

  --hub NAME|FILE   the adapter for every hub instance: none, nms, motion, container:IMAGE,
                    mini-hub:VARIANT (reference hubs: well-behaved, never-reconnects,
                    password-text, tight-loop, never-releases, ignores-frozen), or a
                    declarative adapter file (.yaml); default: the scenario's
  --report DIR      where to write report.html, junit.xml, result.json, summary.md
                    (default ${defaultReportsDir}/SCENARIO-TIMESTAMP)
  --speed X         play the timeline X times faster (4 or 4x); hub timing is still judged
                    in real time
  --seed N          override the scenario's seed (which cameras a share picks, loss patterns)
  --inventory FILE  write the cameras' URLs and each hub's credentials before the timeline
                    starts, for a hub or script you provision yourself (with --hub none)
  --workers N       spread the fleet over N worker threads (default: in this process)
  --dry-run         print the plan (steps, cameras, hubs, checks) as JSON and exit
  --format md|json|none  what to print at the end: the Markdown summary (default), the
                    whole result as JSON, or nothing

Exit codes: 0 every MUST passed (NOT APPLICABLE ones are listed with their reason), 1 a
MUST failed or was never exercised (INCONCLUSIVE), 2 bad input, 3 infrastructure error,
130 interrupted (the first Ctrl-C stops the run and still writes a partial report; a
second one exits at once).`;

function parse(argv: string[]) {
  return parseCommandArgs(
    argv,
    {
      hub: { type: 'string' },
      report: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      inventory: { type: 'string' },
      workers: { type: 'string' },
      'dry-run': { type: 'boolean' },
      format: { type: 'string' },
    },
    usage,
  );
}

function overridesOf(values: ReturnType<typeof parse>['values']): RunOverrides {
  const overrides: RunOverrides = {};
  // An adapter file named on the command line is relative to where the user stands, not to the
  // scenario's folder (files named inside a scenario are relative to the scenario).
  if (values.hub !== undefined) overrides.hub = /\.ya?ml$/i.test(values.hub) ? resolve(values.hub) : values.hub;
  if (values.speed !== undefined) {
    const speed = speedSchema.safeParse(values.speed);
    if (!speed.success) throw new CliError(`--speed: ${speed.error.issues[0]!.message}`, ExitCode.badInput);
    overrides.speed = speed.data;
  }
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new CliError(`--seed: expected a whole number from 0 to 4294967295, got '${values.seed}'`, ExitCode.badInput);
    overrides.seed = seed;
  }
  return overrides;
}

function elapsed(startMs: number): string {
  return `+${((systemClock.now() - startMs) / 1000).toFixed(1)}s`;
}

export const command: Command = {
  name: 'run',
  summary: 'play a scenario against a hub and judge it against the specification',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv);
    if (positionals.length !== 1) throw new CliError(`expected one scenario file, got ${positionals.length}\n\n${usage}`, ExitCode.badInput);
    const format = values.format ?? 'md';
    if (!['md', 'json', 'none'].includes(format)) throw new CliError(`--format must be md, json or none, got '${format}'`, ExitCode.badInput);
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) throw new CliError(`--workers: expected a whole number >= 0, got '${values.workers}'`, ExitCode.badInput);

    let loaded;
    try {
      loaded = await loadScenario(positionals[0]!, defaultScenarioContext(), overridesOf(values));
      for (const h of hubInstances(loaded.scenario)) await checkHubAdapterRef(h.adapter, join(loaded.file, '..'));
    } catch (err) {
      if (err instanceof InputError) throw new CliError(`invalid input, nothing was started:\n${err.message}`, ExitCode.badInput);
      if (err instanceof Error && err.name === 'UnknownAdapterError') throw new CliError(err.message, ExitCode.badInput);
      throw err;
    }
    if (values['dry-run'] === true) {
      process.stdout.write(`${JSON.stringify(loaded.plan, null, 2)}\n`);
      return ExitCode.ok;
    }

    const reportDir = values.report ?? join(defaultReportsDir, `${loaded.plan.scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const workDir = await mkdtemp(join(tmpdir(), 'camlab-run-'));
    const controller = new AbortController();
    const removeInterrupt = installInterruptHandler(controller, (line) => process.stderr.write(`${line}\n`));
    const startMs = systemClock.now();
    try {
      const { result, exitCode } = await runScenario(
        {
          loaded,
          signal: controller.signal,
          ...(values.inventory !== undefined ? { inventoryFile: values.inventory } : {}),
          onPhase: (text) => process.stderr.write(`[${elapsed(startMs)}] ${text}\n`),
          onEvent: (e) => process.stderr.write(`[${elapsed(startMs)}] ${e.type}: ${e.label}\n`),
        },
        defaultRunDeps({ workDir, ...(workers !== undefined ? { workers } : {}) }),
      );
      let paths;
      try {
        process.stderr.write(`[${elapsed(startMs)}] writing reports\n`);
        paths = await writeReports(result, reportDir);
      } catch (err) {
        throw new CliError(`could not write the reports to ${reportDir}: ${(err as Error).message}`, ExitCode.infraError);
      }
      if (format === 'md') process.stdout.write(`${renderMarkdownSummary(result)}\n`);
      if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.stderr.write(`${result.status === 'partial' ? `PARTIAL report (${result.partialReason ?? 'interrupted'})` : 'Report'}: ${paths.html}\n  JUnit ${paths.junit}\n  JSON ${paths.json}\n`);
      return exitCode;
    } finally {
      removeInterrupt();
      await rm(workDir, { recursive: true, force: true });
    }
  },
};
