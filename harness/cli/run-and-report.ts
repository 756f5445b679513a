import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultReportsDir, writeReports } from '../../reports/write-reports.ts';
import type { FleetDefinition } from '../../simulators/fleet/fleet-schema.ts';
import { defaultRunDeps } from '../runner/default-run-deps.ts';
import { runScenario, type RunInput, type RunScenarioDeps, type RunScenarioOutcome } from '../runner/run-scenario.ts';
import type { TimelineEvent } from '../../reports/run-result.ts';
import type { RunFleet } from '../runner/run-fleet.ts';
import type { HubAdapter } from '../hubs/hub-adapter.ts';
import { CliError, ExitCode } from './exit-codes.ts';
import { installInterruptHandler } from './interrupt-handler.ts';

export interface RunAndReportOptions {
  input: RunInput<FleetDefinition>;
  reportDir: string;
  /**
   * Drives a fleet other processes serve (`camlab run --shards`) instead of starting one here;
   * given the run's work directory, where its observation log spills.
   */
  startFleet?: (
    input: Parameters<RunScenarioDeps<FleetDefinition>['startFleet']>[0],
    workDir: string,
  ) => Promise<RunFleet>;
  workers?: number;
  inventoryFile?: string;
  onPhase(text: string): void;
  onEvent(event: TimelineEvent): void;
  onFleet?(fleet: RunFleet): void;
  onHub?(instance: string, adapter: HubAdapter): void;
  /** Stops the run as the first Ctrl-C would, with a reason (`camlab load`'s abortOnFail). */
  stop?: AbortSignal;
  /** Adds what only one command knows to the result before the reports are written (`camlab load`'s stages). */
  amendResult?(outcome: RunScenarioOutcome): RunScenarioOutcome['result'] | Promise<RunScenarioOutcome['result']>;
  /** Files beside the reports that only one command writes (`camlab load`'s load.json). */
  writeExtra?(outcome: RunScenarioOutcome): Promise<void>;
}

export interface RunAndReportOutcome extends RunScenarioOutcome {
  paths: Awaited<ReturnType<typeof writeReports>>;
  exitCode: ExitCode;
}

/** The exit code of a finished run: the ending first (130, 3), then the verdict (0 PASS, 1 otherwise). */
export function exitCodeOf(outcome: Pick<RunScenarioOutcome, 'ending' | 'result'>): ExitCode {
  if (outcome.ending === 'interrupted') return ExitCode.interrupted;
  if (outcome.ending === 'infrastructure') return ExitCode.infraError;
  return outcome.result.outcome.verdict === 'PASS' ? ExitCode.ok : ExitCode.verdictFailed;
}

/** `reports/out/NAME-TIMESTAMP` unless --report names a directory. */
export function reportDirFor(name: string, given: string | undefined): string {
  return given ?? join(defaultReportsDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
}

/**
 * The one run path of `camlab run`, `demo` and `load`: a temporary work directory, the
 * two-stage Ctrl-C handler, the run, the reports, and clean-up whatever happens. What each
 * command prints stays with the command.
 */
export async function runAndReport(opts: RunAndReportOptions): Promise<RunAndReportOutcome> {
  const workDir = await mkdtemp(join(tmpdir(), 'camlab-run-'));
  const controller = new AbortController();
  const removeInterrupt = installInterruptHandler(controller, (line) => process.stderr.write(`${line}\n`));
  try {
    const outcome = await runScenario(
      {
        loaded: opts.input,
        signal: opts.stop !== undefined ? AbortSignal.any([controller.signal, opts.stop]) : controller.signal,
        ...(opts.onFleet !== undefined ? { onFleet: opts.onFleet } : {}),
        ...(opts.onHub !== undefined ? { onHub: opts.onHub } : {}),
        ...(opts.inventoryFile !== undefined ? { inventoryFile: opts.inventoryFile } : {}),
        onPhase: opts.onPhase,
        onEvent: opts.onEvent,
      },
      {
        ...defaultRunDeps({ workDir, ...(opts.workers !== undefined ? { workers: opts.workers } : {}) }),
        ...(opts.startFleet !== undefined ? { startFleet: (input) => opts.startFleet!(input, workDir) } : {}),
      },
    );
    if (opts.amendResult !== undefined) outcome.result = await opts.amendResult(outcome);
    let paths;
    try {
      opts.onPhase('writing reports');
      paths = await writeReports(outcome.result, opts.reportDir);
      await opts.writeExtra?.(outcome);
    } catch (err) {
      throw new CliError(
        `could not write the reports to ${opts.reportDir}: ${(err as Error).message}`,
        ExitCode.infraError,
      );
    }
    return { ...outcome, paths, exitCode: exitCodeOf(outcome) };
  } finally {
    removeInterrupt();
    await rm(workDir, { recursive: true, force: true });
  }
}
