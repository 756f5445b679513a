import { dirname, resolve } from 'node:path';
import { parseCommandArgs } from '../parse-command-args.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { defaultReportsDir, renderMarkdownSummary } from '../../../reports/write-reports.ts';
import { checkHubAdapterRef, hubAdapterSummaries, isAdapterFile } from '../../hubs/registry.ts';
import { defaultScenarioContext } from '../../scenario/default-scenario-context.ts';
import { hubInstances } from '../../scenario/hub-instances.ts';
import { loadScenario, type RunOverrides } from '../../scenario/load-scenario.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { seedRange, speedOption, wholeNumberOption } from '../number-option.ts';
import { reportDirFor, runAndReport } from '../run-and-report.ts';
import { profileOption, userInput, withProvenance } from '../run-inputs.ts';
import type { Plan } from '../../plan/plan-types.ts';
import { fleetMismatch, type ConnectedShards } from '../../runner/shards/connect-shards.ts';
import { connectShardsOption, describeShards, shardsOption } from '../shards-option.ts';
import { startShardRunFleet } from '../../runner/shards/shard-run-fleet.ts';
import { observationLogOptions } from '../../runner/observation-log-options.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';

function hubList(): string {
  return hubAdapterSummaries()
    .map((a) => `                    ${a.name}: ${a.summary}`)
    .join('\n');
}

const usage = `Usage: camlab run SCENARIO [options]

Plays a scenario against a hub and judges the hub against the specification. The scenario,
its fleet, the profile and any adapter file are validated before anything starts.

  --hub NAME|FILE   the adapter for every hub instance (default: the scenario's):
${hubList()}
  --profile FILE    the buyer's procurement profile: waivers (each with its reason), HUB-LOAD-03's
                    N, tightened thresholds (see scenarios/profiles/); without one nothing is waived
  --report DIR      where to write report.html, junit.xml, result.json (+ result.json.sha256),
                    summary.md (default ${defaultReportsDir}/SCENARIO-TIMESTAMP)
  --speed X         play the timeline X times faster (4 or 4x); hub timing is still judged
                    in real time
  --seed N          override the scenario's seed (which cameras a share picks, loss patterns)
  --inventory FILE  write the cameras' URLs and each hub's credentials before the timeline
                    starts, for a hub or script you provision yourself (with --hub none)
  --workers N       spread the fleet over N worker threads (default: in this process)
  --shards URL,...  drive a fleet already served by \`camlab sim --shard I/N\` processes (one control
                    API URL per shard, e.g. http://camlab-sim-0.camlab-sim:8080) instead of starting
                    one: they must serve the scenario's fleet (same cameras, sites, models) and their
                    clocks agree with this one's within 1 s; the token comes from CAMLAB_API_TOKEN.
                    --speed compresses the timeline as usual (fleets run on real time either way).
                    A shard lost mid-run makes the run INCOMPLETE (exit 3); an unreachable shard
                    exits 3 before anything starts, shards of another fleet exit 2
  --dry-run         print the plan (steps, cameras, hubs, checks) as JSON and exit
  --format md|json|none  what to print at the end: the Markdown summary (default), the
                    whole result as JSON, or nothing

Exit codes: 0 PASS: every MUST passed or was waived by the --profile ("PASS (n waived)");
1 a MUST failed (FAIL), or a MUST was NOT APPLICABLE or NOT EXERCISED and not waived
(INCONCLUSIVE); 2 bad input; 3 infrastructure error; 130 interrupted (the first Ctrl-C stops
the run and still writes a partial report; a second one exits at once).`;

function parse(argv: string[]) {
  return parseCommandArgs(
    argv,
    {
      hub: { type: 'string' },
      profile: { type: 'string' },
      report: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      inventory: { type: 'string' },
      workers: { type: 'string' },
      shards: { type: 'string' },
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
  if (values.hub !== undefined) overrides.hub = isAdapterFile(values.hub) ? resolve(values.hub) : values.hub;
  const speed = speedOption(values.speed);
  if (speed !== undefined) overrides.speed = speed;
  const seed = wholeNumberOption('--seed', values.seed, seedRange);
  if (seed !== undefined) overrides.seed = seed;
  return overrides;
}

/** Connects to the shards before anything starts: unreachable or out of step is exit 3, another fleet exit 2. */
async function shardsFor(urls: readonly string[], plan: Plan, say: (text: string) => void): Promise<ConnectedShards> {
  const shards = await connectShardsOption(urls);
  const mismatch = fleetMismatch(shards.inventory, plan);
  if (mismatch !== undefined)
    throw new CliError(
      `the shards do not serve the scenario's fleet, nothing was started:\n${mismatch}\nStart them with the scenario's fleet (camlab sim --fleet FILE --shard I/N), or give a scenario whose fleet is theirs.`,
      ExitCode.badInput,
    );
  for (const line of describeShards(shards)) say(line);
  return shards;
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
    if (positionals.length !== 1)
      throw new CliError(`expected one scenario file, got ${positionals.length}\n\n${usage}`, ExitCode.badInput);
    const format = values.format ?? 'md';
    if (!['md', 'json', 'none'].includes(format))
      throw new CliError(`--format must be md, json or none, got '${format}'`, ExitCode.badInput);
    const workers = wholeNumberOption('--workers', values.workers, { min: 0 });
    const shardUrls = values.shards === undefined ? undefined : shardsOption(values.shards);
    if (shardUrls !== undefined && workers !== undefined)
      throw new CliError(
        '--workers spreads a fleet this process starts; with --shards the shards run their own (camlab sim --workers)',
        ExitCode.badInput,
      );

    const loaded = await userInput(async () => {
      const scenario = await loadScenario(positionals[0]!, defaultScenarioContext(), overridesOf(values));
      for (const h of hubInstances(scenario.scenario)) await checkHubAdapterRef(h.adapter, dirname(scenario.file));
      return scenario;
    });
    const profile = await profileOption(values.profile);
    if (values['dry-run'] === true) {
      process.stdout.write(`${JSON.stringify(loaded.plan, null, 2)}\n`);
      return ExitCode.ok;
    }

    const startMs = systemClock.now();
    const say = (text: string): void => void process.stderr.write(`[${elapsed(startMs)}] ${text}\n`);
    const shards = shardUrls === undefined ? undefined : await shardsFor(shardUrls, loaded.plan, say);
    const { result, paths, exitCode } = await runAndReport({
      input: await withProvenance(
        loaded,
        profile,
        hubInstances(loaded.scenario).map((h) => h.adapter),
      ),
      reportDir: reportDirFor(loaded.plan.scenario, values.report),
      ...(workers !== undefined ? { workers } : {}),
      ...(shards !== undefined
        ? {
            startFleet: ({ plan, clock }, workDir) =>
              startShardRunFleet({
                shards,
                plan,
                clock,
                log: new ObservationLog(observationLogOptions(process.env, workDir)),
              }),
          }
        : {}),
      ...(values.inventory !== undefined ? { inventoryFile: values.inventory } : {}),
      onPhase: say,
      onEvent: (e) => say(`${e.type}: ${e.label}`),
    });
    if (format === 'md') process.stdout.write(`${renderMarkdownSummary(result)}\n`);
    if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(
      `${result.status === 'partial' ? `PARTIAL report (${result.partialReason ?? 'interrupted'})` : 'Report'}: ${paths.html}\n  JUnit ${paths.junit}\n  JSON ${paths.json} (SHA-256 ${paths.resultSha256})\n`,
    );
    return exitCode;
  },
};
