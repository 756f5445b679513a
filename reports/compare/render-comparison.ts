import type { MeasurementMove, RunComparison, VerdictChange } from './run-comparison.ts';
import { formatNumber, formatValue } from '../format/format-measurement.ts';
import { escapeMarkdown as md } from '../markdown/escape-markdown.ts';

function change(c: VerdictChange): string {
  return `- **${md(c.id)}** (${c.level}) ${md(c.title)}: ${c.from} → ${c.to} — ${md(c.messageB)}`;
}

function percent(rel: number): string {
  if (!Number.isFinite(rel)) return rel > 0 ? '+∞%' : '-∞%';
  return `${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(1)}%`;
}

function move(m: MeasurementMove): string {
  const threshold =
    m.threshold !== undefined && m.op !== undefined ? ` (threshold ${m.op} ${formatValue(m.threshold, m.unit)})` : '';
  return `- ${m.direction === 'worse' ? 'worse' : 'better'}: **${md(m.source)}** ${md(m.name)} ${formatValue(m.a, m.unit)} → ${formatValue(m.b, m.unit)} (${percent(m.relativeChange)})${threshold}`;
}

/** `camlab compare` in Markdown: regressions first, then what got better, then the rest. */
export function renderComparisonMarkdown(c: RunComparison): string {
  const lines = [
    `## camlab compare — ${c.regressed ? 'REGRESSED' : 'no regression'}`,
    '',
    `A: ${md(c.a.scenario)} on ${md(c.a.hubs)}, ${c.a.startedAt}${c.a.status === 'partial' ? ' (PARTIAL)' : ''} — ${md(c.a.outcome)}`,
    `B: ${md(c.b.scenario)} on ${md(c.b.hubs)}, ${c.b.startedAt}${c.b.status === 'partial' ? ' (PARTIAL)' : ''} — ${md(c.b.outcome)}`,
    `Tolerance for measurements: ${formatNumber(c.tolerance * 100)}% relative, and at least ${formatNumber(c.thresholdShare * 100)}% of a requirement's threshold`,
  ];
  if (c.judgedDifferently.length > 0)
    lines.push(
      '',
      '> warning: the runs were not judged the same way; verdicts may have moved for that alone:',
      ...c.judgedDifferently.map((w) => `> - ${md(w)}`),
    );
  if (c.warnings.length > 0) lines.push('', ...c.warnings.map((w) => `> warning: ${md(w)}`));
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push('', `### ${title}`, ...items);
  };
  section('Regressions', c.regressions.map(change));
  section('Measurements beyond tolerance', c.moved.map(move));
  section('Improvements', c.improvements.map(change));
  section('Other verdict changes', c.changes.map(change));
  section(
    'New requirements (only in B)',
    c.added.map((v) => `- **${md(v.id)}** (${v.level}) ${md(v.title)}: ${v.verdict}`),
  );
  section(
    'Removed requirements (only in A)',
    c.removed.map((v) => `- **${md(v.id)}** (${v.level}) ${md(v.title)}: was ${v.verdict}`),
  );
  if (
    c.regressions.length +
      c.improvements.length +
      c.changes.length +
      c.moved.length +
      c.added.length +
      c.removed.length ===
    0
  ) {
    lines.push('', 'No verdict changed and no measurement moved beyond the tolerance.');
  }
  return `${lines.join('\n')}\n`;
}
