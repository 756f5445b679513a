import { describe, expect, it } from 'vitest';
import { sampleRunResult } from '../fixtures/sample-run-result.ts';
import type { LoadSummary } from '../run-result.ts';
import { renderHtml } from './render-html.ts';

const load: LoadSummary = {
  stages: [
    {
      index: 0,
      cameras: 10,
      held: 10,
      deliveredRatio: 1,
      framesSent: 2_500,
      framesDropped: 0,
      sessionDrops: 0,
      latencyP95Ms: 300,
      simulator: {
        loopDelayP99Ms: 11,
        loopUtilization: 0.2,
        workerLoopUtilizationMax: 0.1,
        cpuCores: 0.3,
        coresAvailable: 2,
        framesSkipped: 0,
      },
      simulatorLimited: [],
      thresholds: [{ threshold: 'delivered>=0.99', measured: 1, result: 'pass' }],
    },
    {
      index: 1,
      cameras: 20,
      held: 12,
      deliveredRatio: 0.5,
      framesSent: 2_500,
      framesDropped: 2_500,
      sessionDrops: 3,
      simulator: {
        loopDelayP99Ms: 480,
        loopUtilization: 0.97,
        workerLoopUtilizationMax: 0.5,
        cpuCores: 1.1,
        coresAvailable: 2,
        framesSkipped: 0,
      },
      simulatorLimited: ["camlab's event loop ran 480 ms late at p99 (limit 100 ms)"],
      thresholds: [{ threshold: 'delivered>=0.99', measured: 0.5, result: 'not judged' }],
    },
  ],
  knee: 'No knee found: the hub held 10 streams; from stage 2 (20 cameras) camlab itself fell behind, so those stages are NOT EXERCISED.',
  thresholdsFailed: false,
  advice: 'camlab itself fell behind: give it more capacity',
};

describe('the load section of the HTML report', () => {
  it('shows every stage, which one was SIMULATOR-LIMITED and why, its thresholds not judged', () => {
    const html = renderHtml({ ...sampleRunResult(), load });
    expect(html).toContain('<section id="load"><h2>Load stages</h2>');
    expect(html).toContain('<th>delivered&gt;=0.99</th>');
    expect(html).toMatch(
      /<td class="ne" title="camlab&#39;s event loop ran 480 ms late[^"]*">SIMULATOR-LIMITED<\/td><td class="ne">not judged<\/td>/,
    );
    expect(html).toContain('Stage 2 is SIMULATOR-LIMITED and NOT EXERCISED');
    expect(html).not.toContain('id="thresholds-failed"');
  });

  it('draws the stages as an inline chart, the hub CPU and latency percentiles in the table', () => {
    const html = renderHtml({
      ...sampleRunResult(),
      load: {
        ...load,
        stages: [{ ...load.stages[0]!, latencyP50Ms: 200, latencyP99Ms: 450, hubCpuCores: 0.42 }, load.stages[1]!],
      },
    });
    expect(html).toMatch(/<figure id="load-chart"><svg class="lc" [^>]*>.*<\/svg><figcaption>/);
    expect(html).toContain('<td>200 / 300 / 450 ms</td><td>0.42</td>');
  });

  it('says when evidence was lost', () => {
    expect(renderHtml({ ...sampleRunResult(), observationsDropped: 1234 })).toContain(
      'dropped its 1234 oldest observations, so the run is INCOMPLETE',
    );
    expect(renderHtml(sampleRunResult())).not.toContain('evidence-lost-banner');
  });
});
