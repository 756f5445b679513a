import { parseCommandArgs } from '../parse-command-args.ts';
import { camlabVersion } from '../../run/camlab-version.ts';
import { UnreadableRunError } from '../../compare/read-run-result.ts';
import { verifyReport } from '../../provenance/verify-report.ts';
import type { InputFile } from '../../../reports/run-result.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const usage = `Usage: camlab verify REPORT_DIR [--profile FILE] [--scenario FILE] [--adapter FILE] [--fleet FILE]

Checks a report directory written by \`camlab run\`, \`demo\` or \`load\` (say, one attached to a
tender): result.json against its SHA-256 in result.json.sha256; report.html, junit.xml and
summary.md against what this camlab renders from that result.json (when the report was made
by this camlab version); and each file given against the SHA-256 the run recorded for it, so
a buyer can confirm the report was judged with their procurement profile and the agreed
scenario and adapter. Without camlab: \`sha256sum -c result.json.sha256\` in the directory.

Exit codes: 0 every check passed, 1 a check failed, 2 bad input (no such report).`;

export const command: Command = {
  name: 'verify',
  summary: 'check a report against its hashes and the files a tender names',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        profile: { type: 'string' },
        scenario: { type: 'string' },
        adapter: { type: 'string' },
        fleet: { type: 'string' },
      },
      usage,
    );
    if (positionals.length !== 1)
      throw new CliError(`expected one report directory, got ${positionals.length}\n\n${usage}`, ExitCode.badInput);
    const expected: { role: InputFile['role']; file: string }[] = [];
    for (const role of ['profile', 'scenario', 'adapter', 'fleet'] as const) {
      const file = values[role];
      if (file !== undefined) expected.push({ role, file });
    }
    let checks;
    try {
      checks = await verifyReport(positionals[0]!, expected, camlabVersion());
    } catch (err) {
      if (err instanceof UnreadableRunError) throw new CliError(err.message, ExitCode.badInput);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new CliError(`cannot read ${(err as NodeJS.ErrnoException).path ?? 'a file'}`, ExitCode.badInput);
      throw err;
    }
    for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: ${c.detail}\n`);
    const failed = checks.filter((c) => !c.ok).length;
    process.stdout.write(failed === 0 ? 'verified\n' : `${failed} check(s) failed\n`);
    return failed === 0 ? ExitCode.ok : ExitCode.verdictFailed;
  },
};
