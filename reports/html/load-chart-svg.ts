import type { LoadStageResult, LoadSummary } from '../run-result.ts';
import { escapeHtml as h } from './escape-html.ts';

/** One measured point of a series: a stage, at its camera count. */
export interface LoadChartPoint {
  stage: number;
  cameras: number;
  value: number;
  /** The stage was SIMULATOR-LIMITED: drawn hollow, neither for nor against the hub. */
  limited: boolean;
}

export interface LoadChartSeries {
  name: string;
  /** CSS class of the line and its points (colour). */
  className: string;
  points: LoadChartPoint[];
}

/** One panel of the chart: several series over the same camera axis. */
export interface LoadChartPanel {
  id: string;
  title: string;
  /** The panel's bottom and top: every value of its series fits between them. */
  yMin: number;
  yMax: number;
  format(value: number): string;
  series: LoadChartSeries[];
  /** Drawn when no series has a point: why the panel is empty. */
  empty: string;
}

const width = 640;
const left = 56;
const right = width - 16;
const panelHeight = 150;
const plotTop = 22;
const plotBottom = panelHeight - 30;

/** A round number at or above `v` (1, 2 or 5 times a power of ten), so axis labels read. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * power >= v) return m * power;
  return 10 * power;
}

function series(
  stages: readonly LoadStageResult[],
  name: string,
  className: string,
  pick: (s: LoadStageResult) => number | undefined,
): LoadChartSeries {
  return {
    name,
    className,
    points: stages.flatMap((s) => {
      const value = pick(s);
      return value === undefined
        ? []
        : [{ stage: s.index, cameras: s.cameras, value, limited: s.simulatorLimited.length > 0 }];
    }),
  };
}

function maxOf(panelSeries: readonly LoadChartSeries[]): number {
  return Math.max(0, ...panelSeries.flatMap((s) => s.points.map((p) => p.value)));
}

/**
 * What the load chart draws, stage by stage: streams held against the cameras asked for, frames
 * delivered, egress latency p50/p95/p99, and the hub's and camlab's CPU. Pure.
 */
export function loadChartPanels(load: LoadSummary): LoadChartPanel[] {
  const stages = load.stages;
  const held = [
    series(stages, 'cameras asked for', 'lc-target', (s) => s.cameras),
    series(stages, 'streams held', 'lc-held', (s) => s.held),
  ];
  const delivered = [series(stages, 'frames delivered', 'lc-delivered', (s) => s.deliveredRatio)];
  const latency = [
    series(stages, 'p50', 'lc-p50', (s) => s.latencyP50Ms),
    series(stages, 'p95', 'lc-p95', (s) => s.latencyP95Ms),
    series(stages, 'p99', 'lc-p99', (s) => s.latencyP99Ms),
  ];
  const cpu = [
    series(stages, 'hub', 'lc-hub', (s) => s.hubCpuCores),
    series(stages, 'camlab', 'lc-camlab', (s) => s.simulator.cpuCores),
  ];
  const cores = Math.max(0, ...stages.map((s) => s.simulator.coresAvailable));
  return [
    {
      id: 'held',
      title: 'streams held',
      yMin: 0,
      yMax: niceCeil(maxOf(held)),
      format: (v) => String(Math.round(v)),
      series: held,
      empty: 'no stage ran',
    },
    {
      id: 'delivered',
      title: 'frames delivered (sent / sent + dropped for backpressure)',
      // From 90% when every stage delivered that much, so 99% and 100% stay apart.
      yMin: Math.min(...delivered[0]!.points.map((p) => p.value)) >= 0.9 ? 0.9 : 0,
      yMax: 1,
      format: (v) => `${(v * 100).toFixed(Number.isInteger(Math.round(v * 1e4) / 100) ? 0 : 2)}%`,
      series: delivered,
      empty: 'no frames were sent',
    },
    {
      id: 'latency',
      title: 'camera-to-egress latency (ms)',
      yMin: 0,
      yMax: niceCeil(maxOf(latency)),
      format: (v) => (v >= 1_000 ? `${Number((v / 1_000).toFixed(1))} s` : `${Math.round(v)} ms`),
      series: latency,
      empty: "no egress measured (the hub's adapter does not read a restream that keeps the stamps)",
    },
    {
      id: 'cpu',
      title: `CPU (cores of ${cores})`,
      yMin: 0,
      yMax: niceCeil(Math.max(cores, maxOf(cpu))),
      format: (v) => v.toFixed(2),
      series: cpu,
      empty: 'no CPU measured',
    },
  ];
}

/** The x position of a camera count, on an axis from 0 to the last stage's cameras. */
function xScale(maxCameras: number): (cameras: number) => number {
  const span = Math.max(1, maxCameras);
  return (cameras) => left + (cameras / span) * (right - left);
}

function renderPanel(
  panel: LoadChartPanel,
  offsetY: number,
  x: (c: number) => number,
  stages: readonly LoadStageResult[],
): string {
  const span = panel.yMax - panel.yMin || 1;
  const y = (v: number) =>
    offsetY +
    plotBottom -
    ((Math.min(Math.max(v, panel.yMin), panel.yMax) - panel.yMin) / span) * (plotBottom - plotTop);
  const mid = (panel.yMin + panel.yMax) / 2;
  const out: string[] = [
    `<g class="lc-panel" id="lc-${panel.id}">`,
    `<text class="lc-title" x="${left}" y="${offsetY + 14}">${h(panel.title)}</text>`,
    `<line class="lc-axis" x1="${left}" x2="${right}" y1="${offsetY + plotBottom}" y2="${offsetY + plotBottom}"/>`,
    `<line class="lc-axis" x1="${left}" x2="${left}" y1="${offsetY + plotTop}" y2="${offsetY + plotBottom}"/>`,
    `<text class="lc-tick" x="${left - 4}" y="${(offsetY + plotTop + 4).toFixed(1)}" text-anchor="end">${h(panel.format(panel.yMax))}</text>`,
    `<line class="lc-grid" x1="${left}" x2="${right}" y1="${y(mid).toFixed(1)}" y2="${y(mid).toFixed(1)}"/>`,
    `<text class="lc-tick" x="${left - 4}" y="${(y(mid) + 4).toFixed(1)}" text-anchor="end">${h(panel.format(mid))}</text>`,
    `<text class="lc-tick" x="${left - 4}" y="${offsetY + plotBottom}" text-anchor="end">${h(panel.format(panel.yMin))}</text>`,
  ];
  for (const s of stages) {
    const sx = x(s.cameras).toFixed(1);
    out.push(`<line class="lc-grid" x1="${sx}" x2="${sx}" y1="${offsetY + plotTop}" y2="${offsetY + plotBottom}"/>`);
    out.push(
      `<text class="lc-tick" x="${sx}" y="${offsetY + plotBottom + 13}" text-anchor="middle">${s.cameras}</text>`,
    );
  }
  const drawn = panel.series.filter((s) => s.points.length > 0);
  if (drawn.length === 0)
    out.push(
      `<text class="lc-empty" x="${(left + right) / 2}" y="${offsetY + (plotTop + plotBottom) / 2}" text-anchor="middle">${h(panel.empty)}</text>`,
    );
  // Legends right-aligned, each as wide as its name.
  const legendWidth = (name: string) => 28 + name.length * 6.5;
  let legendX = right - drawn.reduce((w, s) => w + legendWidth(s.name), 0);
  drawn.forEach((s) => {
    const points = s.points.map((p) => `${x(p.cameras).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
    out.push(`<g class="lc-series ${s.className}" data-series="${h(s.name)}">`);
    out.push(`<polyline points="${points}"/>`);
    for (const p of s.points) {
      out.push(
        `<circle class="${p.limited ? 'lc-limited' : 'lc-point'}" cx="${x(p.cameras).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3.5" data-stage="${p.stage + 1}" data-value="${p.value}"><title>${h(
          `stage ${p.stage + 1}, ${p.cameras} cameras: ${s.name} ${panel.format(p.value)}${p.limited ? ' (SIMULATOR-LIMITED)' : ''}`,
        )}</title></circle>`,
      );
    }
    out.push('</g>');
    out.push(
      `<g class="lc-legend ${s.className}"><line x1="${legendX.toFixed(1)}" x2="${(legendX + 16).toFixed(1)}" y1="${offsetY + 10}" y2="${offsetY + 10}"/><text x="${(legendX + 20).toFixed(1)}" y="${offsetY + 14}">${h(s.name)}</text></g>`,
    );
    legendX += legendWidth(s.name);
  });
  out.push('</g>');
  return out.join('');
}

const chartStyle = [
  '.lc text{font:11px system-ui,sans-serif;fill:#1f2328}',
  '.lc .lc-tick,.lc .lc-empty{fill:#57606a}',
  '.lc .lc-title{font-weight:600}',
  '.lc .lc-axis{stroke:#57606a}',
  '.lc .lc-grid{stroke:#eaeef2}',
  '.lc polyline,.lc .lc-legend line{fill:none;stroke-width:2}',
  '.lc .lc-point{stroke:#fff;stroke-width:1}',
  '.lc .lc-limited{fill:#fff;stroke-width:2}',
  '.lc .lc-limited-band{fill:#57606a;fill-opacity:.08}',
  '.lc .lc-knee line{stroke:#cf222e;stroke-width:1.5;stroke-dasharray:5 3}',
  '.lc .lc-knee text{fill:#cf222e;font-weight:600}',
  ...[
    ['lc-target', '#8c959f'],
    ['lc-held', '#0969da'],
    ['lc-delivered', '#1a7f37'],
    ['lc-p50', '#54aeff'],
    ['lc-p95', '#0969da'],
    ['lc-p99', '#0a3069'],
    ['lc-hub', '#bc4c00'],
    ['lc-camlab', '#8250df'],
  ].map(
    ([c, colour]) =>
      `.lc .${c} polyline,.lc .${c} line{stroke:${colour}}.lc .${c} .lc-point{fill:${colour}}.lc .${c} .lc-limited{stroke:${colour}}`,
  ),
  '.lc .lc-target polyline{stroke-dasharray:4 3}',
].join('');

/**
 * The load stages as one self-contained SVG (its own style, no external fetch): a panel per
 * measure against the cameras of each stage, the knee marked where the hub first degraded, and
 * SIMULATOR-LIMITED stages shaded and drawn hollow.
 */
export function renderLoadChart(load: LoadSummary, label = 'load stages'): string {
  const panels = loadChartPanels(load);
  const maxCameras = Math.max(1, ...load.stages.map((s) => s.cameras));
  const x = xScale(maxCameras);
  const height = panels.length * panelHeight + 24;
  const out: string[] = [`<style>${chartStyle}</style>`, `<rect width="${width}" height="${height}" fill="#fff"/>`];
  // Each SIMULATOR-LIMITED stage is shaded on its own, halfway to its neighbours.
  load.stages.forEach((s, i) => {
    if (s.simulatorLimited.length === 0) return;
    const before = load.stages[i - 1];
    const after = load.stages[i + 1];
    const fromX = before !== undefined ? (x(before.cameras) + x(s.cameras)) / 2 : left;
    const toX = after !== undefined ? (x(s.cameras) + x(after.cameras)) / 2 : right + 8;
    out.push(
      `<rect class="lc-limited-band" x="${fromX.toFixed(1)}" y="0" width="${(toX - fromX).toFixed(1)}" height="${height - 24}"><title>${h(
        `stage ${s.index + 1} (${s.cameras} cameras) SIMULATOR-LIMITED: NOT EXERCISED — ${s.simulatorLimited.join('; ')}`,
      )}</title></rect>`,
    );
  });
  panels.forEach((p, i) => out.push(renderPanel(p, i * panelHeight, x, load.stages)));
  const degraded =
    load.degradedAtStage !== undefined ? load.stages.find((s) => s.index === load.degradedAtStage) : undefined;
  if (degraded !== undefined) {
    const kx = x(degraded.cameras);
    // The label goes on the side of the line with room for it.
    const labelX =
      kx > (left + right) / 2
        ? `x="${(kx - 4).toFixed(1)}" text-anchor="end"`
        : `x="${(kx + 4).toFixed(1)}" text-anchor="start"`;
    out.push(
      `<g class="lc-knee" data-cameras="${degraded.cameras}"><line x1="${kx.toFixed(1)}" x2="${kx.toFixed(1)}" y1="${plotTop - 4}" y2="${height - 30}"/><text ${labelX} y="${height - 8}">knee: degraded at ${
        degraded.cameras
      } cameras</text><title>${h(load.knee)}</title></g>`,
    );
  }
  out.push(`<text class="lc-tick" x="${left}" y="${height - 8}" text-anchor="start">cameras per stage →</text>`);
  return `<svg class="lc" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${h(label)}">${out.join('')}</svg>`;
}
