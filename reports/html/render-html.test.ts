import { describe, expect, it } from 'vitest';
import { hostileCameraId, sampleRunResult } from '../fixtures/sample-run-result.ts';
import { histogramBins } from './histogram-svg.ts';
import { renderHtml } from './render-html.ts';
import { maxCameraLanes } from './timeline-svg.ts';

describe('renderHtml', () => {
  it('escapes camera names and the scenario source everywhere', () => {
    const html = renderHtml(sampleRunResult());
    expect(html).not.toContain(hostileCameraId);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('cam-&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toContain('# &lt;/pre&gt;&lt;script&gt;alert(&quot;yaml&quot;)&lt;/script&gt;');
    // Exactly one script element: the report's own.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('is self-contained: a CSP forbids fetching, and nothing links out', () => {
    const html = renderHtml(sampleRunResult());
    expect(html).toContain(`default-src 'none'`);
    const urls = (html.match(/(?:src|href)\s*=\s*["'][^"']*/g) ?? []).filter((u) => !u.includes('data:'));
    expect(urls).toEqual([]);
  });

  it('shows a PARTIAL banner only for a partial run', () => {
    expect(renderHtml(sampleRunResult({ partial: true }))).toContain('id="partial-banner"');
    expect(renderHtml(sampleRunResult())).not.toContain('id="partial-banner"');
  });

  it('lists failed MUSTs first in the requirement table', () => {
    const html = renderHtml(sampleRunResult());
    const ids = [
      ...html.matchAll(/<tr data-verdict="[^"]+" data-level="[^"]+" data-area="[^"]+" id="req-([^"]+)"/g),
    ].map((m) => m[1]);
    expect(ids).toEqual(['HUB-RES-02', 'HUB-RES-05', 'HUB-STR-01', 'HUB-RES-01', 'HUB-PTZ-01']);
  });

  it('shows a waived requirement as WAIVED with the reason, the outcome as decided, and the provenance', () => {
    const result = sampleRunResult();
    result.verdicts[3]!.waiver = { reason: 'alarms go to the <b>VMS</b>' };
    result.summary.waived = 1;
    result.outcome = { verdict: 'FAIL', waived: 1, text: 'FAIL (1 waived)' };
    const html = renderHtml(result, 'd'.repeat(64));
    expect(html).toContain('<span class="outcome FAIL" id="outcome">FAIL (1 waived)</span>');
    expect(html).toMatch(
      /<tr data-verdict="WAIVED"[^>]*id="req-HUB-RES-01">.*<td class="verdict">WAIVED<br><span class="meta">NOT APPLICABLE; waived: alarms go to the &lt;b&gt;VMS&lt;\/b&gt;<\/span>/,
    );
    expect(html).toContain(`<tr><th>sha256.result.json</th><td><code>${'d'.repeat(64)}</code></td></tr>`);
  });

  it('caps camera lanes for a large site but counts every camera', () => {
    const result = sampleRunResult();
    const cameras = Array.from({ length: maxCameraLanes + 10 }, (_, i) => `big-${i}`);
    result.sites = [{ name: 'big', cameras }];
    const html = renderHtml(result);
    expect(html.match(/class="camera-lane"/g)).toHaveLength(maxCameraLanes);
    expect(html).toContain(`10 more cameras not drawn; the aggregate lane counts all ${maxCameraLanes + 10}`);
  });
});

describe('histogramBins', () => {
  it('puts every sample in exactly one bin, the maximum in the last', () => {
    const samples = [1, 2, 2, 3, 10, 10, 50];
    const bins = histogramBins(samples);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(samples.length);
    expect(bins[bins.length - 1]!.count).toBeGreaterThanOrEqual(1);
    expect(histogramBins([5, 5])).toEqual([{ fromValue: 5, toValue: 5, count: 2 }]);
    expect(histogramBins([])).toEqual([]);
  });
});
