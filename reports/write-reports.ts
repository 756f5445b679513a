import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../harness/run-result.ts';
import { renderHtml } from './html/render-html.ts';
import { renderJson } from './json/render-json.ts';
import { renderJunit } from './junit/render-junit.ts';
import { renderMarkdownReport, renderMarkdownSummary } from './markdown/render-markdown.ts';

export { renderMarkdownSummary };

/** Where reports go when nobody says otherwise (git-ignored). */
export const defaultReportsDir = 'reports/out';

/** File names inside a report directory; `camlab compare` reads result.json back. */
export const reportFileNames = { html: 'report.html', junit: 'junit.xml', json: 'result.json', markdown: 'summary.md' } as const;

/**
 * Writes every report of a finished (or partial) run into `dir` and returns the paths. Each
 * file is written to a temporary name and renamed, so an interrupted write never leaves a
 * truncated result.json for `camlab compare` to trip over.
 */
export async function writeReports(result: RunResult, dir: string): Promise<{ html: string; junit: string; json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const paths = {
    html: join(dir, reportFileNames.html),
    junit: join(dir, reportFileNames.junit),
    json: join(dir, reportFileNames.json),
    markdown: join(dir, reportFileNames.markdown),
  };
  await Promise.all([
    writeAtomically(paths.json, renderJson(result)),
    writeAtomically(paths.junit, renderJunit(result)),
    writeAtomically(paths.markdown, renderMarkdownReport(result)),
    writeAtomically(paths.html, renderHtml(result)),
  ]);
  return paths;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}
