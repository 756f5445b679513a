import { createHash } from 'node:crypto';
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
    expect(paths).toEqual({
      html: join(dir, 'report.html'),
      junit: join(dir, 'junit.xml'),
      json: join(dir, 'result.json'),
      jsonDigest: join(dir, 'result.json.sha256'),
      markdown: join(dir, 'summary.md'),
      resultSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await readdir(dir)).sort()).toEqual([
      'junit.xml',
      'report.html',
      'result.json',
      'result.json.sha256',
      'summary.md',
    ]);
    const json = await readFile(paths.json);
    expect(JSON.parse(json.toString('utf8'))).toEqual(result);
    // The digest is of result.json's exact bytes, in sha256sum's format, and every other report shows it.
    expect(createHash('sha256').update(json).digest('hex')).toBe(paths.resultSha256);
    expect(await readFile(paths.jsonDigest, 'utf8')).toBe(`${paths.resultSha256}  result.json\n`);
    for (const file of [paths.html, paths.junit, paths.markdown])
      expect(await readFile(file, 'utf8')).toContain(paths.resultSha256);
    expect(await readFile(paths.html, 'utf8')).toContain('PARTIAL RUN');
    expect(await readFile(paths.junit, 'utf8')).toContain('<testsuites');
    expect(await readFile(paths.markdown, 'utf8')).toContain(renderMarkdownSummary(result));
  });
});
