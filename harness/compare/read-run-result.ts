import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { reportFileNames } from '../../reports/write-reports.ts';
import { CliError, ExitCode } from '../cli/exit-codes.ts';
import type { RunResult } from '../run-result.ts';
import { runResultSchema } from './run-result-schema.ts';

/** Most issues worth printing for one bad file; the rest are counted. */
const maxIssuesShown = 10;

/**
 * Reads a run back for `camlab compare`: a report directory (its result.json) or the JSON
 * file itself, validated against the RunResult schema. Every problem is a CliError with the
 * bad-input exit code and names the file.
 */
export async function readRunResult(path: string): Promise<RunResult> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, reportFileNames.json);
  } catch (err) {
    throw new CliError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)}); expected a report directory or its ${reportFileNames.json}`, ExitCode.badInput);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, ExitCode.badInput);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file}: not JSON (${(err as Error).message})`, ExitCode.badInput);
  }
  const parsed = runResultSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const lines = issues.slice(0, maxIssuesShown).map((i) => `  ${file} ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  if (issues.length > maxIssuesShown) lines.push(`  ... and ${issues.length - maxIssuesShown} more`);
  throw new CliError(`${file}: not a camlab run result:\n${lines.join('\n')}`, ExitCode.badInput);
}
