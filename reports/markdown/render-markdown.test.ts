import { describe, expect, it } from 'vitest';
import { sampleRunResult } from '../fixtures/sample-run-result.ts';
import { renderMarkdownReport, renderMarkdownSummary } from './render-markdown.ts';

describe('renderMarkdownSummary', () => {
  it('gives the outcome, counts and each failed MUST with measured vs threshold', () => {
    const text = renderMarkdownSummary(sampleRunResult());
    expect(text).toContain('## camlab: outage-and-recovery — FAIL');
    expect(text).toContain('1 PASS · 2 FAIL (1 MUST) · 1 NOT APPLICABLE · 1 NOT EXERCISED');
    const must = text.slice(text.indexOf('Failed MUST:'), text.indexOf('Failed SHOULD:'));
    expect(must).toContain('HUB-RES-02');
    expect(must).toContain('measured 14200 ms, threshold <= 10000 ms');
    expect(must).not.toContain('HUB-RES-05');
    expect(text.slice(text.indexOf('Failed SHOULD:'))).toContain('HUB-RES-05');
    expect(text).not.toContain('PARTIAL');
  });

  it('marks a partial run and never calls it PASS', () => {
    const result = sampleRunResult({ partial: true });
    expect(renderMarkdownSummary(result)).toContain('**PARTIAL RUN** — interrupted (Ctrl-C)');
    result.summary.mustFailed = 0;
    expect(renderMarkdownSummary(result)).toContain('— INCOMPLETE');
  });

  it('calls a run that never exercised a MUST inconclusive, and names the requirement', () => {
    const result = sampleRunResult();
    result.verdicts = result.verdicts.filter((r) => r.verdict !== 'FAIL');
    result.summary.fail = 0;
    result.summary.mustFailed = 0;
    const unexercised = result.verdicts.find((r) => r.verdict === 'NOT EXERCISED')!;
    unexercised.level = 'MUST';
    const text = renderMarkdownSummary(result);
    expect(text).toContain('— INCONCLUSIVE');
    expect(text.slice(text.indexOf('MUST not exercised'))).toContain(unexercised.id);
  });

  it('neutralises markup and terminal escapes in names', () => {
    const result = sampleRunResult();
    result.verdicts[1]!.message = 'cam \u001b[31mred\u001b[0m <b>x</b> | y\nz';
    const text = renderMarkdownSummary(result);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\<b>x\\</b> \\| y z');
    expect(text).not.toContain('<img');
  });
});

describe('renderMarkdownReport', () => {
  it('lists every requirement in a table and the evidence', () => {
    const text = renderMarkdownReport(sampleRunResult());
    const rows = text.split('\n').filter((l) => l.startsWith('| HUB-'));
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.includes('HUB-RES-02'))).toContain('| 14200 ms | <= 10000 ms |');
    expect(text).toContain('### Evidence');
  });
});
