import type { LoadSummary } from '../run-result.ts';
import { escapeHtml as h } from './escape-html.ts';
import { renderLoadChart } from './load-chart-svg.ts';

function percent(r: number | undefined): string {
  return r === undefined ? '–' : `${(r * 100).toFixed(2)}%`;
}

/** `camlab load`'s stages: what the hub did in each, camlab's own headroom, and the thresholds. */
export function renderLoadSection(load: LoadSummary): string {
  const names = load.stages[0]?.thresholds.map((t) => t.threshold) ?? [];
  const rows = load.stages.map((s) => {
    const limited = s.simulatorLimited.length > 0;
    const cells = [
      String(s.index + 1),
      String(s.cameras),
      String(s.held),
      percent(s.deliveredRatio),
      String(s.sessionDrops),
      s.latencyP95Ms === undefined
        ? '–'
        : [s.latencyP50Ms, s.latencyP95Ms, s.latencyP99Ms].map((v) => (v === undefined ? '–' : String(v))).join(' / ') +
          ' ms',
      s.hubCpuCores === undefined ? '–' : s.hubCpuCores.toFixed(2),
      `${s.simulator.loopDelayP99Ms.toFixed(0)} ms / ${(s.simulator.loopUtilization * 100).toFixed(0)}% / ${(s.simulator.workerLoopUtilizationMax * 100).toFixed(0)}% / ${s.simulator.cpuCores.toFixed(2)} of ${s.simulator.coresAvailable}`,
    ].map((c) => `<td>${h(c)}</td>`);
    const state = limited
      ? `<td class="ne" title="${h(s.simulatorLimited.join('; '))}">SIMULATOR-LIMITED</td>`
      : '<td>exercised</td>';
    const thresholds = s.thresholds.map(
      (t) =>
        `<td class="${t.result === 'fail' ? 'fail' : t.result === 'pass' ? 'pass' : 'ne'}">${h(t.result === 'pass' ? 'ok' : t.result === 'fail' ? 'FAIL' : t.result)}</td>`,
    );
    return `<tr>${cells.join('')}${state}${thresholds.join('')}</tr>`;
  });
  const limitedNotes = load.stages
    .filter((s) => s.simulatorLimited.length > 0)
    .map(
      (s) =>
        `<li>Stage ${s.index + 1} is SIMULATOR-LIMITED and NOT EXERCISED — neither for nor against the hub: ${h(s.simulatorLimited.join('; '))}.</li>`,
    );
  return [
    '<section id="load"><h2>Load stages</h2>',
    `<p id="knee">${h(load.knee)}</p>`,
    `<figure id="load-chart">${renderLoadChart(load)}<figcaption>Each stage at its camera count: what the hub held and delivered, its egress latency, and the CPU of the hub's processes (after the settle time) beside camlab's own. The dashed red line is the knee; shaded, hollow points are SIMULATOR-LIMITED stages (NOT EXERCISED).</figcaption></figure>`,
    '<table><thead><tr><th>stage</th><th>cameras</th><th>held</th><th>frames delivered</th><th>session drops</th><th>latency p50 / p95 / p99</th><th>hub CPU cores</th><th>camlab loop p99 / main busy / worker busy / CPU cores</th><th>stage is</th>',
    ...names.map((n) => `<th>${h(n)}</th>`),
    '</tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
    limitedNotes.length > 0 ? `<ul id="simulator-limited">${limitedNotes.join('')}</ul>` : '',
    load.advice !== undefined ? `<p>${h(load.advice)}</p>` : '',
    load.abortedBy !== undefined ? `<p class="fail">Aborted: ${h(load.abortedBy)}.</p>` : '',
    load.thresholdsFailed
      ? '<p class="fail" id="thresholds-failed">A threshold failed on a stage camlab kept up with (exit code 99).</p>'
      : '',
    '</section>',
  ].join('\n');
}
