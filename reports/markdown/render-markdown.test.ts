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

  it('marks a partial run', () => {
    const result = sampleRunResult({ partial: true });
    expect(renderMarkdownSummary(result)).toContain('**PARTIAL RUN** — interrupted (Ctrl-C)');
  });

  it('shows the outcome the harness decided, and names every MUST the run did not show', () => {
    const result = sampleRunResult();
    result.outcome = { verdict: 'INCONCLUSIVE', waived: 0, text: 'INCONCLUSIVE' };
    const text = renderMarkdownSummary(result);
    expect(text).toContain('— INCONCLUSIVE');
    const unproven = text.slice(text.indexOf('MUST not shown to hold'));
    expect(unproven).toContain('HUB-RES-01 Raises a camera-offline alarm within a bound: NOT APPLICABLE');
    expect(unproven).toContain('HUB-PTZ-01 Operator PTZ reaches the right camera & preset: NOT EXERCISED');
  });

  it('lists waived requirements with the buyer’s reason, apart from the unproven ones', () => {
    const result = sampleRunResult();
    result.verdicts.find((r) => r.id === 'HUB-RES-01')!.waiver = { reason: 'alarms go to the VMS, not the hub' };
    result.summary.waived = 1;
    result.profile = {
      name: 'tender 7',
      file: 'tender.yaml',
      sha256: 'c'.repeat(64),
      procurement: {},
      waivers: { 'HUB-RES-01': 'alarms go to the VMS, not the hub' },
    };
    result.outcome = { verdict: 'INCONCLUSIVE', waived: 1, text: 'INCONCLUSIVE (1 waived)' };
    const text = renderMarkdownSummary(result);
    expect(text).toContain('— INCONCLUSIVE (1 waived)');
    expect(text).toContain(`Procurement profile: tender 7 (tender.yaml, sha256 ${'c'.repeat(64)})`);
    expect(text).toContain(
      "WAIVED by the procurement profile 'tender 7':\n- HUB-RES-01 (MUST, NOT APPLICABLE): alarms go to the VMS, not the hub",
    );
    expect(text.slice(text.indexOf('MUST not shown to hold'), text.indexOf('WAIVED by'))).not.toContain('HUB-RES-01');
    expect(renderMarkdownReport(result)).toMatch(/\| HUB-RES-01 \| .* \| MUST \| WAIVED \|/);
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

  it('carries the provenance: versions, profile, input hashes and the result.json digest', () => {
    const text = renderMarkdownReport(sampleRunResult(), 'd'.repeat(64));
    expect(text).toContain('- camlab.version: 0.1.0');
    expect(text).toContain('- spec.version: 2026.1');
    expect(text).toContain('- profile: none: nothing waived');
    expect(text).toContain(`- sha256.scenario: ${'a'.repeat(64)}  scenarios/outage-and-recovery.yaml`);
    expect(text).toContain(`- sha256.result.json: ${'d'.repeat(64)}`);
  });
});
