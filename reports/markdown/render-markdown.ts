import type { RequirementVerdict, RunResult } from '../../harness/run-result.ts';
import { formatEvidence, formatMeasured, formatMeasurement, formatThreshold, overallOutcome } from '../format/format-measurement.ts';
import { escapeMarkdown as md } from './escape-markdown.ts';

function countsLine(result: RunResult): string {
  const s = result.summary;
  return `${s.pass} PASS · ${s.fail} FAIL (${s.mustFailed} MUST) · ${s.notApplicable} NOT APPLICABLE · ${s.notExercised} NOT EXERCISED`;
}

function hubLine(result: RunResult): string {
  return result.hubs
    .map((h) => `${md(h.instance)} = ${md(h.identity.name)}${h.identity.version !== undefined ? ` ${md(h.identity.version)}` : ''} (adapter ${md(h.adapter)})`)
    .join(', ');
}

function failureItem(r: RequirementVerdict): string {
  const measured = r.measurement ? ` — ${md(formatMeasurement(r.measurement))}` : '';
  return `- **${md(r.id)}** ${md(r.title)}: ${md(r.message)}${measured}`;
}

/**
 * The short summary `camlab run` prints at the end: outcome, verdict counts, every failed
 * requirement with measured vs threshold (MUST first), every MUST the run never exercised,
 * and a PARTIAL marker.
 */
export function renderMarkdownSummary(result: RunResult): string {
  const outcome = overallOutcome(result);
  const lines = [`## camlab: ${md(result.scenario.name)} — ${outcome}`, ''];
  if (result.status === 'partial') lines.push(`**PARTIAL RUN** — ${md(result.partialReason ?? 'the run did not finish')}; verdicts cover only what ran.`, '');
  lines.push(`Hub: ${hubLine(result) || 'none (camera-side observation only)'}`, `Verdicts: ${countsLine(result)}`);
  const failed = result.verdicts.filter((r) => r.verdict === 'FAIL');
  const must = failed.filter((r) => r.level === 'MUST');
  const should = failed.filter((r) => r.level === 'SHOULD');
  if (must.length > 0) lines.push('', 'Failed MUST:', ...must.map(failureItem));
  if (should.length > 0) lines.push('', 'Failed SHOULD:', ...should.map(failureItem));
  const unexercised = result.verdicts.filter((r) => r.level === 'MUST' && r.verdict === 'NOT EXERCISED');
  if (unexercised.length > 0) lines.push('', 'MUST not exercised by this run (not shown to hold):', ...unexercised.map((r) => `- ${md(r.id)} ${md(r.title)}: ${md(r.message)}`));
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return md(text) || ' ';
}

/** The Markdown file of a run: the summary, then every requirement with its evidence. */
export function renderMarkdownReport(result: RunResult): string {
  const lines = [
    renderMarkdownSummary(result),
    `Scenario \`${md(result.scenario.file ?? result.scenario.name)}\`, seed ${result.scenario.seed}, speed ${result.scenario.speed}×; ` +
      `${result.startedAt} to ${result.endedAt}; camlab ${md(result.camlabVersion)}, specification ${md(result.specVersion)}.`,
    '',
    '| id | title | level | verdict | measured | threshold | message |',
    '|---|---|---|---|---|---|---|',
    ...result.verdicts.map(
      (r) =>
        `| ${cell(r.id)} | ${cell(r.title)} | ${r.level} | ${r.verdict} | ${r.measurement ? cell(formatMeasured(r.measurement)) : ' '} | ${
          r.measurement ? cell(formatThreshold(r.measurement)) : ' '
        } | ${cell(r.message)} |`,
    ),
  ];
  const withEvidence = result.verdicts.filter((r) => r.evidence.length > 0);
  if (withEvidence.length > 0) {
    lines.push('', '### Evidence');
    for (const r of withEvidence) {
      lines.push('', `**${md(r.id)}** (${r.verdict})`, ...r.evidence.map((e) => `- ${md(formatEvidence(e, result))}`));
    }
  }
  return `${lines.join('\n')}\n`;
}
