import { parseCommandArgs } from '../parse-command-args.ts';
import { renderComparisonMarkdown } from '../../../reports/compare/render-comparison.ts';
import { compareRuns, defaultThresholdShare, defaultTolerance } from '../../compare/compare-runs.ts';
import { readRunResult, UnreadableRunError } from '../../compare/read-run-result.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const usage = `Usage: camlab compare RUN_A RUN_B [--tolerance 0.1] [--format md|json]

What changed from run A (the baseline) to run B (the candidate). RUN_X is a report
directory written by \`camlab run\` or its result.json.

Reports requirements whose verdict changed (regressions: anything to FAIL, or a PASS that is
no longer proven; improvements: to PASS), measurements and latency/reconnect percentiles that
moved by more than the relative tolerance (a requirement's measurement also by at least
${defaultThresholdShare * 100}% of its threshold, so noise far from the bound does not fail CI), and
requirements only one run has.

Options:
  --tolerance X   relative change a measurement may move before it counts (default ${defaultTolerance})
  --format F      md (default) or json

Exit codes: 0 nothing regressed, 1 a verdict regressed or a measurement got worse beyond the
tolerance, 2 bad input (a missing or invalid run).`;

export const command: Command = {
  name: 'compare',
  summary: 'what regressed between two runs',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { tolerance: { type: 'string' }, format: { type: 'string' } },
      usage,
    );
    if (positionals.length !== 2)
      throw new CliError(`expected two runs, got ${positionals.length}\n\n${usage}`, ExitCode.badInput);
    const tolerance = values.tolerance === undefined ? defaultTolerance : Number(values.tolerance);
    if (!Number.isFinite(tolerance) || tolerance < 0)
      throw new CliError(
        `--tolerance: expected a number >= 0 (e.g. 0.1 for 10%), got '${values.tolerance}'`,
        ExitCode.badInput,
      );
    const format = values.format ?? 'md';
    if (format !== 'md' && format !== 'json')
      throw new CliError(`--format: expected md or json, got '${format}'`, ExitCode.badInput);

    let a, b;
    try {
      [a, b] = await Promise.all([readRunResult(positionals[0]!), readRunResult(positionals[1]!)]);
    } catch (err) {
      if (err instanceof UnreadableRunError) throw new CliError(err.message, ExitCode.badInput);
      throw err;
    }
    const comparison = compareRuns(a, b, { tolerance });
    process.stdout.write(
      format === 'json' ? `${JSON.stringify(comparison, null, 2)}\n` : renderComparisonMarkdown(comparison),
    );
    return comparison.regressed ? ExitCode.verdictFailed : ExitCode.ok;
  },
};
