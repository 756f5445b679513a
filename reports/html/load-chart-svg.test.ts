import { describe, expect, it } from 'vitest';
import type { LoadStageResult, LoadSummary } from '../run-result.ts';
import { loadChartPanels, niceCeil, renderLoadChart } from './load-chart-svg.ts';

function stage(index: number, cameras: number, more: Partial<LoadStageResult> = {}): LoadStageResult {
  return {
    index,
    cameras,
    held: cameras,
    deliveredRatio: 1,
    framesSent: 100 * cameras,
    framesDropped: 0,
    sessionDrops: 0,
    simulator: {
      loopDelayP99Ms: 12,
      loopUtilization: 0.2,
      workerLoopUtilizationMax: 0,
      cpuCores: 0.1 * index + 0.1,
      coresAvailable: 2,
      framesSkipped: 0,
    },
    simulatorLimited: [],
    thresholds: [],
    ...more,
  };
}

const load: LoadSummary = {
  stages: [
    stage(0, 25, { latencyP50Ms: 900, latencyP95Ms: 1_200, latencyP99Ms: 1_400, hubCpuCores: 0.3 }),
    stage(1, 50, { latencyP50Ms: 1_000, latencyP95Ms: 1_500, latencyP99Ms: 1_900, hubCpuCores: 0.6 }),
    stage(2, 100, {
      held: 71,
      deliveredRatio: 0.93,
      latencyP50Ms: 2_600,
      latencyP95Ms: 4_100,
      latencyP99Ms: 6_000,
      hubCpuCores: 1.7,
    }),
    stage(3, 200, {
      held: 90,
      deliveredRatio: 0.5,
      hubCpuCores: 1.9,
      simulatorLimited: ["camlab's event loop ran 300 ms late at p99 (limit 100 ms)"],
    }),
  ],
  knee: 'Knee: sustained 50 streams; degraded at 100 (71 of 100 streams held).',
  degradedAtStage: 2,
  thresholdsFailed: false,
};

/** The points of one series of one panel, as the SVG carries them. */
function pointsOf(
  svg: string,
  panel: string,
  series: string,
): { stage: number; value: number; cx: number; cy: number; limited: boolean }[] {
  const panelSvg =
    new RegExp(
      `<g class="lc-panel" id="lc-${panel}">(.*?)</g></g>(?=<g class="lc-panel"|<g class="lc-knee"|<text)`,
    ).exec(svg)?.[1] ?? '';
  const seriesSvg = new RegExp(`data-series="${series}">(.*?)</g>`).exec(panelSvg)?.[1] ?? '';
  return [
    ...seriesSvg.matchAll(
      /<circle class="(lc-point|lc-limited)" cx="([\d.]+)" cy="([\d.]+)" r="3.5" data-stage="(\d+)" data-value="([\d.]+)">/g,
    ),
  ].map((m) => ({
    limited: m[1] === 'lc-limited',
    cx: Number(m[2]),
    cy: Number(m[3]),
    stage: Number(m[4]),
    value: Number(m[5]),
  }));
}

describe('niceCeil', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 0.7, 1, 1.9, 2, 2.1, 45, 200, 201, 6_000].map(niceCeil)).toEqual([
      1, 1, 1, 2, 2, 5, 50, 200, 500, 10_000,
    ]);
  });
});

describe('the load chart', () => {
  it('has a panel per measure, each with the values of every stage that measured it', () => {
    const panels = loadChartPanels(load);
    expect(panels.map((p) => p.id)).toEqual(['held', 'delivered', 'latency', 'cpu']);
    const byName = (id: string) =>
      Object.fromEntries(panels.find((p) => p.id === id)!.series.map((s) => [s.name, s.points.map((p) => p.value)]));
    expect(byName('held')).toEqual({ 'cameras asked for': [25, 50, 100, 200], 'streams held': [25, 50, 71, 90] });
    expect(byName('delivered')).toEqual({ 'frames delivered': [1, 1, 0.93, 0.5] });
    expect(panels.find((p) => p.id === 'latency')!.format(12_000)).toBe('12 s');
    expect(byName('latency')).toEqual({
      p50: [900, 1_000, 2_600],
      p95: [1_200, 1_500, 4_100],
      p99: [1_400, 1_900, 6_000],
    });
    expect(byName('cpu')).toEqual({ hub: [0.3, 0.6, 1.7, 1.9], camlab: [0.1, 0.2, 0.30000000000000004, 0.4] });
    expect(panels.map((p) => p.yMax)).toEqual([200, 1, 10_000, 2]);
  });

  it('draws every point at its camera count and value, higher values higher up, limited stages hollow', () => {
    const svg = renderLoadChart(load);
    const held = pointsOf(svg, 'held', 'streams held');
    expect(held.map((p) => [p.stage, p.value, p.limited])).toEqual([
      [1, 25, false],
      [2, 50, false],
      [3, 71, false],
      [4, 90, true],
    ]);
    // x is linear in cameras: 25 -> 50 is a quarter of 0 -> 100.
    const [a, b, c] = held;
    expect(b!.cx - a!.cx).toBeCloseTo((c!.cx - b!.cx) / 2, 0);
    expect(held.map((p) => p.cy)).toEqual([...held.map((p) => p.cy)].sort((x, y) => y - x));
    const p95 = pointsOf(svg, 'latency', 'p95');
    expect(p95.map((p) => p.value)).toEqual([1_200, 1_500, 4_100]);
    expect(pointsOf(svg, 'cpu', 'hub').map((p) => p.value)).toEqual([0.3, 0.6, 1.7, 1.9]);
  });

  it('marks the knee at the first degraded stage, and shades the SIMULATOR-LIMITED ones', () => {
    const svg = renderLoadChart(load);
    const knee = /<g class="lc-knee" data-cameras="(\d+)"><line x1="([\d.]+)"/.exec(svg);
    expect(knee?.[1]).toBe('100');
    const at100 = pointsOf(svg, 'held', 'streams held').find((p) => p.stage === 3)!;
    expect(Number(knee?.[2])).toBeCloseTo(at100.cx, 1);
    expect(svg).toContain('knee: degraded at 100 cameras');
    expect(svg).toContain('<title>Knee: sustained 50 streams; degraded at 100 (71 of 100 streams held).</title>');
    expect(svg).toMatch(
      /<rect class="lc-limited-band"[^>]*><title>stage 4 \(200 cameras\) SIMULATOR-LIMITED: NOT EXERCISED — camlab&#39;s event loop ran 300 ms late/,
    );
    expect(svg.match(/<rect class="lc-limited-band"/g)).toHaveLength(1);
  });

  it('shades only the SIMULATOR-LIMITED stages, each between its neighbours', () => {
    const middle: LoadSummary = {
      ...load,
      stages: load.stages.map((s) => ({
        ...s,
        simulatorLimited: s.index === 1 ? ['camlab skipped 1% of its frame slots'] : [],
      })),
    };
    const svg = renderLoadChart(middle);
    const band = /<rect class="lc-limited-band" x="([\d.]+)" y="0" width="([\d.]+)"/.exec(svg)!;
    const xs = pointsOf(svg, 'held', 'streams held').map((p) => p.cx);
    expect(Number(band[1])).toBeCloseTo((xs[0]! + xs[1]!) / 2, 0);
    expect(Number(band[1]) + Number(band[2])).toBeCloseTo((xs[1]! + xs[2]!) / 2, 0);
    expect(svg.match(/<rect class="lc-limited-band"/g)).toHaveLength(1);
  });

  it('has no knee mark when every stage held, and says why a panel is empty', () => {
    const held: LoadSummary = {
      stages: [stage(0, 5), stage(1, 10)],
      knee: 'Every stage held: sustained 10 streams.',
      thresholdsFailed: false,
    };
    const svg = renderLoadChart(held);
    expect(loadChartPanels(held).find((p) => p.id === 'delivered')?.yMin).toBe(0.9);
    expect(svg).not.toContain('<g class="lc-knee"');
    expect(svg).not.toContain('<rect class="lc-limited-band"');
    expect(svg).toContain('no egress measured');
    // The hub's CPU was not measured: only camlab's is drawn.
    expect(pointsOf(svg, 'cpu', 'hub')).toEqual([]);
    expect(pointsOf(svg, 'cpu', 'camlab').map((p) => p.value)).toEqual([0.1, 0.2]);
  });

  it('is one self-contained SVG: its own style, no external reference, text escaped', () => {
    const svg = renderLoadChart(load, 'nms <ramp> & "knee"');
    expect(svg.startsWith('<svg class="lc" xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<style>');
    expect(svg).not.toMatch(/href|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(svg).toContain('aria-label="nms &lt;ramp&gt; &amp; &quot;knee&quot;"');
    expect(svg.match(/<g\b/g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });
});
