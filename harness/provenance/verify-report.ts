import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from '../../reports/html/render-html.ts';
import { renderJunit } from '../../reports/junit/render-junit.ts';
import { renderMarkdownReport } from '../../reports/markdown/render-markdown.ts';
import { parseDigestLine, resultDigest } from '../../reports/result-digest.ts';
import { reportFileNames } from '../../reports/write-reports.ts';
import { UnreadableRunError } from '../compare/read-run-result.ts';
import { runResultSchema } from '../compare/run-result-schema.ts';
import type { InputFile, RunResult } from '../../reports/run-result.ts';
import { sha256OfFile } from './sha256.ts';

export interface VerifyCheck {
  what: string;
  ok: boolean;
  detail: string;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Checks a report directory someone handed over (say, attached to a tender):
 * - result.json's SHA-256 against result.json.sha256;
 * - report.html, junit.xml and summary.md against what this camlab renders from that
 *   result.json, byte for byte (only when the report names this camlab version: another
 *   version renders differently, and that is said, not hidden);
 * - each file given in `expected` (the tender's profile, scenario, adapter, fleet) against the
 *   hash the run recorded for its role.
 */
export async function verifyReport(
  dir: string,
  expected: readonly { role: InputFile['role']; file: string }[],
  camlabVersion: string,
): Promise<VerifyCheck[]> {
  const jsonText = await readText(join(dir, reportFileNames.json));
  if (jsonText === undefined)
    throw new UnreadableRunError(
      `${dir}: no ${reportFileNames.json}; expected a report directory written by camlab run`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (err) {
    throw new UnreadableRunError(`${join(dir, reportFileNames.json)}: not JSON (${(err as Error).message})`);
  }
  const parsed = runResultSchema.safeParse(raw);
  if (!parsed.success)
    throw new UnreadableRunError(
      `${join(dir, reportFileNames.json)}: not a camlab run result (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    );
  // Rendered from the parsed JSON as is: the schema's output orders keys its own way.
  const result = raw as RunResult;
  const digest = resultDigest(jsonText);
  const checks: VerifyCheck[] = [];

  const line = await readText(join(dir, reportFileNames.jsonDigest));
  const recorded = line === undefined ? undefined : parseDigestLine(line, reportFileNames.json);
  checks.push({
    what: reportFileNames.jsonDigest,
    ok: recorded === digest,
    detail:
      recorded === undefined
        ? `missing or not a sha256sum line for ${reportFileNames.json}`
        : recorded === digest
          ? `${reportFileNames.json} is ${digest}`
          : `records ${recorded}, but ${reportFileNames.json} is ${digest}: result.json was changed`,
  });

  const renderers: [string, () => string][] = [
    [reportFileNames.html, () => renderHtml(result, digest)],
    [reportFileNames.junit, () => renderJunit(result, digest)],
    [reportFileNames.markdown, () => renderMarkdownReport(result, digest)],
  ];
  for (const [name, render] of renderers) {
    const text = await readText(join(dir, name));
    if (text === undefined) {
      checks.push({ what: name, ok: false, detail: 'missing' });
    } else if (result.camlabVersion !== camlabVersion) {
      checks.push({
        what: name,
        ok: text.includes(digest),
        detail: `made by camlab ${result.camlabVersion}, this is ${camlabVersion}: only its result.json digest is checked`,
      });
    } else {
      const same = text === render();
      checks.push({
        what: name,
        ok: same,
        detail: same
          ? `rendered from ${reportFileNames.json} exactly`
          : `differs from what ${reportFileNames.json} renders to: it was edited, or belongs to another run`,
      });
    }
  }

  for (const e of expected) {
    const recordedFiles = result.inputs.filter((i) => i.role === e.role);
    const actual = await sha256OfFile(e.file);
    const match = recordedFiles.find((i) => i.sha256 === actual);
    checks.push({
      what: `${e.role} ${e.file}`,
      ok: match !== undefined,
      detail:
        match !== undefined
          ? `sha256 ${actual}, as recorded for ${match.path}`
          : recordedFiles.length === 0
            ? `the run recorded no ${e.role} file${e.role === 'profile' ? ' (it ran without --profile: nothing was waived)' : ''}`
            : `sha256 ${actual}; the run recorded ${recordedFiles.map((i) => `${i.sha256} (${i.path})`).join(', ')}`,
    });
  }
  return checks;
}
