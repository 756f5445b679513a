import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { reportFileNames } from '../../reports/write-reports.ts';
import type { RunResult } from '../../reports/run-result.ts';
import { runResultSchema } from './run-result-schema.ts';

/** A file or report directory that is not a readable camlab run result; the CLI turns it into exit 2. */
export class UnreadableRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableRunError';
  }
}

/** Most issues worth printing for one bad file; the rest are counted. */
const maxIssuesShown = 10;

/**
 * Reads a run back for `camlab compare`: a report directory (its result.json) or the JSON
 * file itself, validated against the RunResult schema. Every problem is an UnreadableRunError
 * naming the file.
 */
export async function readRunResult(path: string): Promise<RunResult> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, reportFileNames.json);
  } catch (err) {
    throw new UnreadableRunError(
      `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)}); expected a report directory or its ${reportFileNames.json}`,
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UnreadableRunError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UnreadableRunError(`${file}: not JSON (${(err as Error).message})`);
  }
  const parsed = runResultSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const lines = issues
    .slice(0, maxIssuesShown)
    .map((i) => `  ${file} ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  if (issues.length > maxIssuesShown) lines.push(`  ... and ${issues.length - maxIssuesShown} more`);
  throw new UnreadableRunError(`${file}: not a camlab run result:\n${lines.join('\n')}`);
}
