import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from './run-result.ts';
import { renderHtml } from './html/render-html.ts';
import { renderJson } from './json/render-json.ts';
import { renderJunit } from './junit/render-junit.ts';
import { renderMarkdownReport, renderMarkdownSummary } from './markdown/render-markdown.ts';
import { digestLine, resultDigest } from './result-digest.ts';

export { renderMarkdownSummary };

/** Where reports go when nobody says otherwise (git-ignored). */
export const defaultReportsDir = 'reports/out';

/** File names inside a report directory; `camlab compare` reads result.json back. */
export const reportFileNames = {
  html: 'report.html',
  junit: 'junit.xml',
  json: 'result.json',
  jsonDigest: 'result.json.sha256',
  markdown: 'summary.md',
} as const;

/**
 * Writes every report of a finished (or partial) run into `dir` and returns the paths. Each
 * file is written to a temporary name and renamed, so an interrupted write never leaves a
 * truncated result.json for `camlab compare` to trip over. result.json's SHA-256 goes beside
 * it (result.json.sha256) and into every other report.
 */
export async function writeReports(
  result: RunResult,
  dir: string,
): Promise<{ html: string; junit: string; json: string; jsonDigest: string; markdown: string; resultSha256: string }> {
  await mkdir(dir, { recursive: true });
  const paths = {
    html: join(dir, reportFileNames.html),
    junit: join(dir, reportFileNames.junit),
    json: join(dir, reportFileNames.json),
    jsonDigest: join(dir, reportFileNames.jsonDigest),
    markdown: join(dir, reportFileNames.markdown),
  };
  const json = renderJson(result);
  const digest = resultDigest(json);
  await Promise.all([
    writeAtomically(paths.json, json),
    writeAtomically(paths.jsonDigest, digestLine(digest, reportFileNames.json)),
    writeAtomically(paths.junit, renderJunit(result, digest)),
    writeAtomically(paths.markdown, renderMarkdownReport(result, digest)),
    writeAtomically(paths.html, renderHtml(result, digest)),
  ]);
  return { ...paths, resultSha256: digest };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}
