import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseCommandArgs } from '../parse-command-args.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { Fleet } from '../../../simulators/fleet/fleet.ts';
import { fleetFromCount, type FleetDefinition } from '../../../simulators/fleet/fleet-schema.ts';
import type { Plan } from '../../plan/plan-types.ts';
import { renderMarkdownSummary } from '../../../reports/write-reports.ts';
import { checkHubAdapterRef } from '../../hubs/registry.ts';
import { findK6, k6Scripts, runK6, type K6ScriptName } from '../../load/k6-runner.ts';
import { loadPlan, shardsInTurn } from '../../load/load-plan.ts';
import { LoadStagesError, parseStages, rampTo, type LoadStage } from '../../load/load-stages.ts';
import { defaultKneeThresholds, stageMetrics, stageWindows } from '../../load/stage-metrics.ts';
import { loadLoadFile } from '../../load/load-file.ts';
import type { LoadFile, LoadThreshold } from '../../load/load-file-schema.ts';
import { loadOutcome, loadSummary, loadSummaryTable, judgeThreshold } from '../../load/load-summary.ts';
import { HeadroomSampler } from '../../load/simulator-headroom.ts';
import { ShardHeadroomSampler } from '../../load/shard-headroom-sampler.ts';
import { judgeStageHeadroom, localStageHeadroom, type StageHeadroom } from '../../load/stage-headroom.ts';
import { framesSkippedIn } from '../../load/frames-skipped.ts';
import { HubCpuSampler, hubCpuCoresBetween } from '../../load/hub-cpu-sampler.ts';
import { parseThreshold, thresholdMetrics, ThresholdParseError } from '../../load/threshold.ts';
import { InputError } from '../../../simulators/config/yaml-document.ts';
import type { LoadSummary } from '../../../reports/run-result.ts';
import { fleetLayout } from '../../scenario/default-scenario-context.ts';
import { parseDurationMs } from '../../scenario/duration.ts';
import { specification } from '../../spec/specification.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { installInterruptHandler } from '../interrupt-handler.ts';
import { seedRange, wholeNumberOption } from '../number-option.ts';
import { reportDirFor, runAndReport } from '../run-and-report.ts';
import { profileOption, userInput, withProvenance } from '../run-inputs.ts';
import { LiveStageEvidence } from '../../load/live-stage-evidence.ts';
import type { Observation } from '../../../simulators/observations/observation.ts';
import type { StageWindow } from '../../load/stage-metrics.ts';
import type { TimelineEvent } from '../../../reports/run-result.ts';
import type { RunEnding } from '../../runner/run-scenario.ts';
import { fleetMismatch, type ConnectedShards } from '../../runner/shards/connect-shards.ts';
import { ShardUnreachableError } from '../../runner/shards/shard-client.ts';
import { startShardRunFleet } from '../../runner/shards/shard-run-fleet.ts';
import { observationLogOptions } from '../../runner/observation-log-options.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { connectShardsOption, describeShards, shardsOption } from '../shards-option.ts';

const usage = `Usage: camlab load [LOAD-FILE] [--cameras N [--hold 30s] | --stages 10:30s,50:30s,100:1m] [options]
       camlab load --k6 onvif-soap [--cameras N] [--vus 10] [--duration 30s]
       camlab load --k6 hub-rest --url URL[,URL...] [--token T] [--vus 10] [--duration 30s]

Streams (default): ramps the number of cameras the hub pulls stage by stage, measures each
stage from the camera side (streams held, frames delivered without backpressure drops, session
drops, egress latency where the adapter reads it), finds the knee — the largest stage the hub
sustained — and judges the specification's LOAD requirements.

  --cameras N       ramp to N cameras in four stages (default 20)
  --hold D          how long each --cameras stage is held (default 30s)
  --stages LIST     explicit stages CAMERAS:HOLD, rising
  --hub NAME|FILE   the hub adapter (default nms); with none, pull the streams yourself
                    from --inventory
  --inventory FILE  write the inventory (URLs and the hub's credentials) before the ramp
  --shards URL,...  load the hub from a fleet already served by \`camlab sim --cameras N --shard I/N\`
                    processes on other machines (one control API URL per shard; token from
                    CAMLAB_API_TOKEN): the stages take the shards' cameras in turn (default: ramp to
                    all of them), and each shard's own headroom is judged per stage
  --settle D        time into each stage before frames are counted (default: a third of the
                    stage, at most 10s)
  --min-delivered R frames delivered ratio a stage needs for the knee (default ${defaultKneeThresholds.minDeliveredRatio})
  --threshold EXPR  a pass/fail criterion judged on every exercised stage, as in k6 (repeatable):
                    METRIC OP VALUE with OP one of < <= > >= == != and METRIC one of
${Object.entries(thresholdMetrics)
  .map(([name, m]) => `                      ${name.padEnd(15)}${m.description}`)
  .join('\n')}
                    e.g. --threshold 'delivered>=0.99' --threshold 'latency_p95<2s'.
                    A failed threshold exits 99 (k6's convention). Thresholds with abortOnFail
                    (load files only) stop the ramp after the first exercised stage that fails them.
  --report DIR      where the reports and load.json go
  --profile FILE    the buyer's procurement profile; its procurement.concurrentStreams is the
                    N that HUB-LOAD-03 judges (the specification's default is 100)
  --seed N, --workers N, --format md|json|none   as for camlab run (--workers not with --shards)

LOAD-FILE (YAML; \`camlab validate\` checks it) holds name, hub, fleet (workers, seed, site, shards),
stages (- { cameras: 50, hold: 30s }), settle and thresholds (an expression, or
{ threshold, abortOnFail, delayAbortEval }); options given beside it win, and --threshold adds.

camlab watches its own headroom in every stage (event-loop delay, main-thread busy share, CPU,
skipped frame slots). A stage where camlab itself fell behind is SIMULATOR-LIMITED: NOT
EXERCISED, for or against the hub; its thresholds are not judged, and the run says how to add
capacity (--workers, camlab sim --shard on more machines). With --shards, every shard reports its
own (GET /api/headroom): a stage is SIMULATOR-LIMITED when any shard fell behind, named with the
limit it crossed, and so it is when this process, which then reads the shards' observations and the
hub's egress but serves no camera, lagged or took the machine's cores.

HTTP side (--k6): runs one of the k6 scripts in harness/load/k6/ (${Object.keys(k6Scripts).join(', ')}),
where a k6 binary is installed (K6_PATH or PATH); onvif-soap loads the emulated cameras' SOAP
services, hub-rest GETs the hub URLs given with --url.`;

function parse(argv: string[]) {
  return parseCommandArgs(
    argv,
    {
      cameras: { type: 'string' },
      hold: { type: 'string' },
      stages: { type: 'string' },
      hub: { type: 'string' },
      inventory: { type: 'string' },
      settle: { type: 'string' },
      'min-delivered': { type: 'string' },
      report: { type: 'string' },
      profile: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      shards: { type: 'string' },
      threshold: { type: 'string', multiple: true },
      format: { type: 'string' },
      k6: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      vus: { type: 'string' },
      duration: { type: 'string' },
    },
    usage,
  );
}
type Values = ReturnType<typeof parse>['values'];

function durationOf(name: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0)
    throw new CliError(`--${name}: expected a duration such as '30s', got '${text}'`, ExitCode.badInput);
  return ms;
}

function stagesOf(values: Values, file: LoadFile | undefined, defaultCameras: number): LoadStage[] {
  try {
    if (file !== undefined && values.stages === undefined && values.cameras === undefined)
      return file.stages.map((s) => ({ cameras: s.cameras, holdMs: s.hold }));
    if (values.stages !== undefined) {
      if (values.cameras !== undefined) throw new CliError('give --cameras or --stages, not both', ExitCode.badInput);
      return parseStages(values.stages);
    }
    return rampTo(
      wholeNumberOption('--cameras', values.cameras, { min: 1 }, defaultCameras),
      durationOf('hold', values.hold, 30_000),
    );
  } catch (err) {
    if (err instanceof LoadStagesError) throw new CliError(err.message, ExitCode.badInput);
    throw err;
  }
}

async function runK6Load(values: Values, script: K6ScriptName): Promise<ExitCode> {
  const k6 = findK6();
  if (k6 === undefined) {
    throw new CliError(
      `k6 is not installed (no K6_PATH, no k6 on PATH), so the ${script} script cannot run here; install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or run ${k6Scripts[script]} with it elsewhere`,
      ExitCode.infraError,
    );
  }
  const env: Record<string, string> = {
    CAMLAB_VUS: String(wholeNumberOption('--vus', values.vus, { min: 1 }, 10)),
    CAMLAB_DURATION: values.duration ?? '30s',
  };
  const controller = new AbortController();
  const removeInterrupt = installInterruptHandler(controller, (line) => process.stderr.write(`${line}\n`));
  const workDir = await mkdtemp(join(tmpdir(), 'camlab-k6-'));
  let fleet: Fleet | undefined;
  try {
    if (script === 'hub-rest') {
      if (values.url === undefined) throw new CliError('--k6 hub-rest needs --url URL[,URL...]', ExitCode.badInput);
      env.CAMLAB_URLS = values.url;
      if (values.token !== undefined) env.CAMLAB_TOKEN = values.token;
    } else {
      fleet = await Fleet.start(
        fleetFromCount(wholeNumberOption('--cameras', values.cameras, { min: 1 }, 20), { sites: ['load'] }),
      );
      const inventoryFile = join(workDir, 'inventory.json');
      await writeFile(inventoryFile, JSON.stringify(fleet.inventory()));
      env.CAMLAB_INVENTORY = inventoryFile;
      process.stderr.write(`${fleet.inventory().cameras.length} cameras serving ONVIF; running k6 ${script}\n`);
    }
    const code = await runK6({ k6, script, env, signal: controller.signal });
    if (controller.signal.aborted) return ExitCode.interrupted;
    // k6 exits 99 when a threshold failed: the load verdict, not an infrastructure problem.
    return code === 0 ? ExitCode.ok : code === 99 ? ExitCode.verdictFailed : ExitCode.infraError;
  } finally {
    removeInterrupt();
    await fleet?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The fleet and the plan of a load run. Locally the fleet holds the last stage's cameras. Over
 * shards it is the fleet the shards serve (`camlab sim --cameras N [--sites A,B] --shard I/N`:
 * their cameras and site names), checked camera by camera, and the stages take the shards' cameras
 * in turn.
 */
function loadFleetAndPlan(input: {
  stages: readonly LoadStage[];
  hub: string;
  seed: number;
  site: string;
  shards: ConnectedShards | undefined;
}): { fleet: FleetDefinition; plan: Plan } {
  const { stages, hub, seed, shards } = input;
  const maxCameras = stages[stages.length - 1]!.cameras;
  if (shards === undefined) {
    const fleet = fleetFromCount(maxCameras, { sites: [input.site], seed });
    return { fleet, plan: loadPlan({ stages, hub, seed }, specification, fleetLayout(fleet)) };
  }
  const served = shards.inventory.cameras.length;
  if (maxCameras > served)
    throw new CliError(
      `the last stage wants ${maxCameras} cameras; the shards serve ${served}: start them with more (camlab sim --cameras N --shard I/N) or ramp to at most ${served}`,
      ExitCode.badInput,
    );
  const fleet = fleetFromCount(served, { sites: shards.inventory.sites.map((s) => s.name), seed });
  const layout = fleetLayout(fleet);
  const mismatch = fleetMismatch(shards.inventory, { cameras: layout.cameras });
  if (mismatch !== undefined)
    throw new CliError(
      `the shards do not serve the fleet camlab load ramps over, nothing was started:\n${mismatch}\nStart them with camlab sim --cameras ${served}${shards.inventory.sites.length > 1 ? ` --sites ${shards.inventory.sites.map((s) => s.name).join(',')}` : ''} --shard I/${shards.clients.length}.`,
      ExitCode.badInput,
    );
  return {
    fleet,
    plan: loadPlan({ stages, hub, seed, order: shardsInTurn(shards.inventory.cameras) }, specification, layout),
  };
}

/** Every shard must report its headroom before the ramp starts: unreachable is exit 3, a shard that cannot (another version) exit 2. */
async function checkShardHeadroom(shards: ConnectedShards): Promise<void> {
  const answers = await Promise.allSettled(shards.clients.map((c) => c.headroom()));
  const failures = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as Error] : []));
  if (failures.length === 0) return;
  throw new CliError(
    `cannot measure the shards' headroom, nothing was started:\n${failures.map((e) => e.message).join('\n')}\nEvery shard must be a camlab sim whose control API serves GET /api/headroom.`,
    failures.every((e) => e instanceof ShardUnreachableError) ? ExitCode.infraError : ExitCode.badInput,
  );
}

function thresholdsOf(values: Values, file: LoadFile | undefined): LoadThreshold[] {
  const given = (values.threshold ?? []).map((text) => {
    try {
      return { threshold: parseThreshold(text), abortOnFail: false, delayAbortEvalMs: 0 };
    } catch (err) {
      if (err instanceof ThresholdParseError)
        throw new CliError(`--threshold '${text}': ${err.message}\n${' '.repeat(14 + err.column)}^`, ExitCode.badInput);
      throw err;
    }
  });
  return [...(file?.thresholds ?? []), ...given];
}

export const command: Command = {
  name: 'load',
  summary: 'load-test a hub: ramp streams, find the knee, judge thresholds, report',
  usage,
  async run(argv) {
    const { values, positionals } = parse(argv);
    if (positionals.length > 1)
      throw new CliError(`unexpected argument '${positionals[1]}'\n\n${usage}`, ExitCode.badInput);
    if (values.k6 !== undefined) {
      if (positionals.length > 0) throw new CliError('--k6 takes no load file', ExitCode.badInput);
      if (!Object.hasOwn(k6Scripts, values.k6))
        throw new CliError(
          `--k6: expected one of ${Object.keys(k6Scripts).join(', ')}, got '${values.k6}'`,
          ExitCode.badInput,
        );
      return runK6Load(values, values.k6 as K6ScriptName);
    }
    const format = values.format ?? 'md';
    if (!['md', 'json', 'none'].includes(format))
      throw new CliError(`--format must be md, json or none, got '${format}'`, ExitCode.badInput);
    let loadFile: { file: string; source: string; load: LoadFile } | undefined;
    if (positionals[0] !== undefined) {
      try {
        loadFile = await loadLoadFile(positionals[0]);
      } catch (err) {
        if (err instanceof InputError) throw new CliError(err.message, ExitCode.badInput);
        throw err;
      }
    }
    const file = loadFile?.load;
    const shardUrls = values.shards !== undefined ? shardsOption(values.shards) : file?.fleet.shards;
    if (shardUrls !== undefined && values.workers !== undefined)
      throw new CliError(
        '--workers spreads a fleet this process starts; with --shards the shards run their own (camlab sim --workers)',
        ExitCode.badInput,
      );
    const thresholds = thresholdsOf(values, file);
    const hub = values.hub ?? file?.hub ?? 'nms';
    const seed =
      values.seed !== undefined ? wholeNumberOption('--seed', values.seed, seedRange, 1) : (file?.fleet.seed ?? 1);
    const workers =
      values.workers !== undefined ? wholeNumberOption('--workers', values.workers, { min: 0 }) : file?.fleet.workers;
    const minDelivered =
      values['min-delivered'] === undefined ? defaultKneeThresholds.minDeliveredRatio : Number(values['min-delivered']);
    if (!(minDelivered > 0 && minDelivered <= 1))
      throw new CliError(
        `--min-delivered: expected a ratio above 0 and at most 1, got '${values['min-delivered']}'`,
        ExitCode.badInput,
      );
    const settleOf = (w: { startMs: number; endMs: number }): number =>
      values.settle !== undefined
        ? durationOf('settle', values.settle, 0)
        : (file?.settle ?? Math.min(10_000, Math.round((w.endMs - w.startMs) / 3)));
    await userInput(() => checkHubAdapterRef(hub, loadFile !== undefined ? dirname(loadFile.file) : process.cwd()));
    const profile = await profileOption(values.profile);
    const startMs = systemClock.now();
    const stamp = (): string => `[+${((systemClock.now() - startMs) / 1000).toFixed(1)}s]`;
    let shards: ConnectedShards | undefined;
    if (shardUrls !== undefined) {
      shards = await connectShardsOption(shardUrls);
      for (const line of describeShards(shards)) process.stderr.write(`${stamp()} ${line}\n`);
      await checkShardHeadroom(shards);
    }
    const stages = stagesOf(values, file, shards?.inventory.cameras.length ?? 20);
    const maxCameras = stages[stages.length - 1]!.cameras;
    const { fleet, plan } = loadFleetAndPlan({ stages, hub, seed, site: file?.fleet.site ?? 'load', shards });
    const source =
      loadFile?.source ??
      `# camlab load\nstages:\n${stages.map((s) => `  - { cameras: ${s.cameras}, hold: ${s.holdMs / 1000}s }`).join('\n')}\nhub: ${hub}\n${thresholds.length > 0 ? `thresholds:\n${thresholds.map((t) => `  - '${t.threshold.source}'`).join('\n')}\n` : ''}`;

    const reportDir = reportDirFor('load', values.report);
    const user = plan.hubs[0]!.username;
    // With shards, this process's own sampler measures the coordinator; each shard reports its own.
    const sampler = new HeadroomSampler();
    const shardSampler = shards !== undefined ? new ShardHeadroomSampler(shards.clients) : undefined;
    const camerasOfShard = (shards?.clients ?? []).map(
      (_, i) => new Set(shards!.inventory.cameras.filter((c) => c.shard === i).map((c) => c.id)),
    );
    let hubPids: () => readonly number[] = () => [];
    const hubCpu = new HubCpuSampler({ processIds: () => hubPids(), now: () => systemClock.now() });
    const abort = new AbortController();
    let live: LiveStageEvidence | undefined;
    let timelineStartMs: number | undefined;
    let abortedBy: string | undefined;
    let abortedAfterStage: number | undefined;
    const headroomOf = async (
      observations: readonly Observation[],
      w: StageWindow,
    ): Promise<StageHeadroom | undefined> => {
      const own = sampler.stages().find((s) => s.index === w.index);
      if (own === undefined) return undefined;
      // Over the same part of the stage as the frames sent: a stall while the stage's cameras are being
      // provisioned (before the settle time) touches nothing the stage is judged on.
      const measured = { startMs: Math.min(w.startMs + settleOf(w), w.endMs), endMs: w.endMs };
      const framesOf = (o: readonly Observation[]) => ({
        framesSkipped: framesSkippedIn(o, measured),
        framesSent: stageMetrics(o, [w], user, settleOf(w))[0]!.framesSent,
      });
      if (shardSampler === undefined) return localStageHeadroom({ ...own, ...framesOf(observations) }, hostname());
      const parts = await shardSampler.stage(w.index);
      if (parts === undefined) return undefined;
      return {
        index: w.index,
        processes: [
          // Serves no camera: its frames are the shards'.
          {
            role: 'coordinator',
            name: 'the coordinator (this process)',
            host: hostname(),
            headroom: { ...own, framesSkipped: 0, framesSent: 0 },
          },
          ...parts.map((p) => ({
            role: 'shard' as const,
            name: p.name,
            host: p.host,
            ...(p.counters !== undefined
              ? {
                  headroom: {
                    index: w.index,
                    ...p.counters,
                    ...framesOf(observations.filter((o) => 'camera' in o && camerasOfShard[p.shard]!.has(o.camera!))),
                  },
                }
              : { unmeasured: p.unmeasured ?? 'its headroom was not measured in this stage' }),
          })),
        ],
      };
    };
    const aborting = thresholds.filter((t) => t.abortOnFail);
    // abortOnFail: judged when a stage ends (the next one's mark), as k6 judges at its evaluation interval,
    // over every session of the run (live-stage-evidence.ts), not the newest the log keeps in memory.
    const judgeEndedStage = async (window: StageWindow, endedAtMs: number): Promise<void> => {
      if (live === undefined || timelineStartMs === undefined) return;
      await live.ready;
      if (abortedBy !== undefined || abort.signal.aborted) return;
      const observations = live.observations(window.startMs);
      const headroom = await headroomOf(observations, window);
      if (headroom === undefined || judgeStageHeadroom(headroom).limited.length > 0 || abort.signal.aborted) return;
      const metrics = stageMetrics(observations, [window], user, settleOf(window))[0]!;
      for (const t of aborting) {
        if (endedAtMs - timelineStartMs < t.delayAbortEvalMs) continue;
        if (judgeThreshold(t.threshold, metrics, false).result === 'fail') {
          abortedBy = `threshold '${t.threshold.source}' (abortOnFail) failed in stage ${window.index + 1}`;
          abortedAfterStage = window.index;
          abort.abort(new Error(abortedBy));
          return;
        }
      }
    };
    const timelineEvents: TimelineEvent[] = [];
    let summary: LoadSummary | undefined;
    try {
      const { result, paths, exitCode, ending } = await runAndReport({
        input: await withProvenance(
          {
            plan,
            fleet,
            source,
            ...(loadFile !== undefined ? { file: loadFile.file } : {}),
            scenario: { description: `load ramp to ${maxCameras} cameras in ${stages.length} stages` },
          },
          profile,
          [hub],
        ),
        reportDir,
        ...(workers !== undefined ? { workers } : {}),
        ...(shards !== undefined
          ? {
              startFleet: ({ plan, clock }, workDir) =>
                startShardRunFleet({
                  shards: shards!,
                  plan,
                  clock,
                  log: new ObservationLog(observationLogOptions(process.env, workDir)),
                }),
            }
          : {}),
        ...(values.inventory !== undefined ? { inventoryFile: values.inventory } : {}),
        stop: abort.signal,
        onFleet: (fleet) => {
          if (aborting.length > 0) live = new LiveStageEvidence(fleet.log);
          if (fleet.workerLoopUtilization !== undefined) sampler.watchWorkers(() => fleet.workerLoopUtilization!());
        },
        onHub: (_instance, adapter) => {
          if (adapter.processIds !== undefined) hubPids = () => adapter.processIds!();
        },
        onPhase: (text) => {
          // The last stage ends when the timeline does; collecting and stopping is not a stage.
          if (text.startsWith('collecting')) {
            sampler.endStage();
            shardSampler?.endStage();
            void hubCpu.sample();
          }
          process.stderr.write(`${stamp()} ${text}\n`);
        },
        onEvent: (e) => {
          const stage = e.type === 'mark' ? /^stage (\d+): /.exec(e.label) : null;
          // The provisions name each stage's cameras (stageWindows), as in the final summary.
          if (e.type === 'provision') timelineEvents.push(e);
          if (stage !== null) {
            const index = Number(stage[1]) - 1;
            // The stage that ends here, before this mark opens the next one.
            const ended = timelineStartMs !== undefined ? stageWindows(timelineEvents, e.atMs).at(-1) : undefined;
            if (ended !== undefined) sampler.endStage();
            shardSampler?.startStage(index);
            if (ended !== undefined)
              judgeEndedStage(ended, e.atMs).catch((err: unknown) =>
                process.stderr.write(`${stamp()} live threshold check failed: ${(err as Error).message}\n`),
              );
            timelineStartMs ??= e.atMs;
            timelineEvents.push(e);
            sampler.startStage(index);
            void hubCpu.sample();
          }
          process.stderr.write(`${stamp()} ${e.type}: ${e.label}\n`);
        },
        amendResult: async ({ result, observations }) => {
          sampler.endStage();
          shardSampler?.endStage();
          // A stage the abort cut off at its start held nothing: only the stopping and collecting.
          const windows = stageWindows(result.timeline, result.endMs).filter(
            (w) => abortedAfterStage === undefined || w.index <= abortedAfterStage,
          );
          const metrics = windows.map((w) => stageMetrics(observations, [w], user, settleOf(w))[0]!);
          const headroom = (await Promise.all(windows.map((w) => headroomOf(observations, w)))).flatMap((h) => h ?? []);
          const hubCpuCores = new Map(
            windows.flatMap((w) => {
              const cores = hubCpuCoresBetween(hubCpu.all(), Math.min(w.startMs + settleOf(w), w.endMs), w.endMs);
              return cores === undefined ? [] : [[w.index, cores] as const];
            }),
          );
          summary = loadSummary({
            metrics,
            headroom,
            thresholds: thresholds.map((t) => t.threshold),
            knee: { ...defaultKneeThresholds, minDeliveredRatio: minDelivered },
            hubCpuCores,
            ...(abortedBy !== undefined ? { abortedBy } : {}),
          });
          return { ...result, load: summary, outcome: loadOutcome(result.outcome, summary) };
        },
        writeExtra: async ({ result }) => {
          await writeFile(
            join(reportDir, 'load.json'),
            `${JSON.stringify({ stages, thresholds: thresholds.map((t) => ({ threshold: t.threshold.source, abortOnFail: t.abortOnFail, delayAbortEvalMs: t.delayAbortEvalMs })), ...result.load, status: result.status, outcome: result.outcome }, null, 2)}\n`,
          );
        },
      });
      const load = summary!;
      if (format === 'md') process.stdout.write(`${loadSummaryTable(load)}\n\n${renderMarkdownSummary(result)}\n`);
      if (format === 'json') process.stdout.write(`${JSON.stringify({ stages, load, result }, null, 2)}\n`);
      process.stderr.write(
        `${result.status === 'partial' ? `PARTIAL report (${result.partialReason ?? 'interrupted'})` : 'Report'}: ${paths.html}\n  load.json ${join(reportDir, 'load.json')}\n`,
      );
      return loadExitCode(exitCode, ending, load);
    } finally {
      sampler.close();
      hubCpu.close();
      live?.close();
    }
  },
};

/**
 * k6's order: an infrastructure failure is 3 and a Ctrl-C 130 (unless a threshold's abortOnFail
 * stopped the run); then a failed threshold is 99; then the verdict's own code.
 */
export function loadExitCode(
  runExitCode: ExitCode,
  ending: RunEnding,
  summary: Pick<LoadSummary, 'thresholdsFailed' | 'abortedBy'>,
): ExitCode {
  if (ending === 'infrastructure') return ExitCode.infraError;
  if (ending === 'interrupted' && summary.abortedBy === undefined) return ExitCode.interrupted;
  if (summary.abortedBy !== undefined || summary.thresholdsFailed) return ExitCode.thresholdsFailed;
  return runExitCode;
}
