import type { Distribution } from '../run-result.ts';
import { formatNumber } from '../format/format-measurement.ts';
import { escapeHtml as h } from './escape-html.ts';

const width = 480;
const height = 200;
const left = 44;
const right = width - 12;
const top = 12;
const bottom = height - 34;

/** Bins for a histogram: Sturges' rule, kept between 5 and 20 bars so a few samples still read. */
export function histogramBins(samples: readonly number[]): { fromValue: number; toValue: number; count: number }[] {
  if (samples.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of samples) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return [{ fromValue: min, toValue: max, count: samples.length }];
  const n = Math.min(20, Math.max(5, Math.ceil(Math.log2(samples.length)) + 1));
  const step = (max - min) / n;
  const bins = Array.from({ length: n }, (_, i) => ({
    fromValue: min + i * step,
    toValue: i === n - 1 ? max : min + (i + 1) * step,
    count: 0,
  }));
  for (const v of samples) bins[Math.min(n - 1, Math.floor((v - min) / step))]!.count++;
  return bins;
}

/** An SVG histogram of a distribution's raw samples, with its percentiles as marker lines. */
export function renderHistogram(d: Distribution, unit: string, label: string): string {
  const bins = histogramBins(d.samples);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const lo = bins[0]?.fromValue ?? d.min;
  const hi = bins[bins.length - 1]?.toValue ?? d.max;
  const span = hi - lo || 1;
  const xOf = (v: number) => left + ((Math.min(Math.max(v, lo), hi) - lo) / span) * (right - left);
  const barWidth = (right - left) / Math.max(1, bins.length);
  const out: string[] = [
    `<line class="axis" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/>`,
    `<text class="tick" x="${left}" y="${bottom + 14}" text-anchor="start">${h(formatNumber(lo))}</text>`,
    `<text class="tick" x="${right}" y="${bottom + 14}" text-anchor="end">${h(formatNumber(hi))} ${h(unit)}</text>`,
    `<text class="tick" x="${left - 4}" y="${top + 8}" text-anchor="end">${maxCount}</text>`,
    `<text class="tick" x="${left - 4}" y="${bottom}" text-anchor="end">0</text>`,
  ];
  bins.forEach((b, i) => {
    const barHeight = (b.count / maxCount) * (bottom - top);
    out.push(
      `<rect class="bar" x="${(left + i * barWidth + 1).toFixed(1)}" y="${(bottom - barHeight).toFixed(1)}" width="${Math.max(1, barWidth - 2).toFixed(1)}" height="${barHeight.toFixed(
        1,
      )}"><title>${h(`${formatNumber(b.fromValue)}–${formatNumber(b.toValue)} ${unit}: ${b.count}`)}</title></rect>`,
    );
  });
  for (const [name, v] of [
    ['p50', d.p50],
    ['p90', d.p90],
    ['p99', d.p99],
  ] as const) {
    const x = xOf(v).toFixed(1);
    out.push(
      `<g class="pct"><line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}"/><text x="${x}" y="${bottom + 28}" text-anchor="middle">${name}</text><title>${name} ${h(formatNumber(v))} ${h(unit)}</title></g>`,
    );
  }
  return `<svg class="histogram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="${h(label)}">${out.join('')}</svg>`;
}
