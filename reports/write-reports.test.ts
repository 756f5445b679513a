import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRunResult } from './fixtures/sample-run-result.ts';
import { renderMarkdownSummary, writeReports } from './write-reports.ts';

describe('writeReports', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('writes HTML, JUnit, JSON and Markdown into a new directory and returns their paths', async () => {
    const base = await mkdtemp(join(tmpdir(), 'camlab-reports-'));
    dirs.push(base);
    const dir = join(base, 'run-1');
    const result = sampleRunResult({ partial: true });
    const paths = await writeReports(result, dir);
    expect(paths).toEqual({ html: join(dir, 'report.html'), junit: join(dir, 'junit.xml'), json: join(dir, 'result.json'), markdown: join(dir, 'summary.md') });
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'result.json', 'summary.md']);
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual(result);
    expect(await readFile(paths.html, 'utf8')).toContain('PARTIAL RUN');
    expect(await readFile(paths.junit, 'utf8')).toContain('<testsuites');
    expect(await readFile(paths.markdown, 'utf8')).toContain(renderMarkdownSummary(result));
  });
});
