import type { RequirementVerdict, RunResult } from '../run-result.ts';
import {
  formatEvidence,
  formatMeasured,
  formatMeasurement,
  formatThreshold,
  provenanceEntries,
  verdictLabel,
} from '../format/format-measurement.ts';
import { escapeMarkdown as md } from './escape-markdown.ts';

function countsLine(result: RunResult): string {
  const s = result.summary;
  return `${s.pass} PASS · ${s.fail} FAIL (${s.mustFailed} MUST) · ${s.notApplicable} NOT APPLICABLE · ${s.notExercised} NOT EXERCISED${s.waived > 0 ? ` · ${s.waived} of them WAIVED` : ''}`;
}

function hubLine(result: RunResult): string {
  return result.hubs
    .map(
      (h) =>
        `${md(h.instance)} = ${md(h.identity.name)}${h.identity.version !== undefined ? ` ${md(h.identity.version)}` : ''} (adapter ${md(h.adapter)})`,
    )
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
  const lines = [`## camlab: ${md(result.scenario.name)} — ${result.outcome.text}`, ''];
  if (result.status === 'partial')
    lines.push(
      `**PARTIAL RUN** — ${md(result.partialReason ?? 'the run did not finish')}; verdicts cover only what ran.`,
      '',
    );
  if ((result.observationsDropped ?? 0) > 0)
    lines.push(
      `**EVIDENCE LOST** — the fleet's bounded observation log dropped ${result.observationsDropped} observations; the run is INCOMPLETE.`,
      '',
    );
  const profile =
    result.profile !== undefined
      ? `${md(result.profile.name)} (${md(result.profile.file)}, sha256 ${result.profile.sha256})`
      : 'none, so nothing is waived';
  lines.push(
    `Hub: ${hubLine(result) || 'none (camera-side observation only)'}`,
    `Procurement profile: ${profile}`,
    `Verdicts: ${countsLine(result)}`,
  );
  const failed = result.verdicts.filter((r) => r.verdict === 'FAIL');
  const must = failed.filter((r) => r.level === 'MUST');
  const should = failed.filter((r) => r.level === 'SHOULD');
  if (must.length > 0) lines.push('', 'Failed MUST:', ...must.map(failureItem));
  if (should.length > 0) lines.push('', 'Failed SHOULD:', ...should.map(failureItem));
  const unproven = result.verdicts.filter(
    (r) =>
      r.level === 'MUST' && (r.verdict === 'NOT APPLICABLE' || r.verdict === 'NOT EXERCISED') && r.waiver === undefined,
  );
  if (unproven.length > 0) {
    lines.push(
      '',
      'MUST not shown to hold by this run (INCONCLUSIVE unless the procurement profile waives it):',
      ...unproven.map((r) => `- ${md(r.id)} ${md(r.title)}: ${r.verdict} — ${md(r.message)}`),
    );
  }
  const waived = result.verdicts.filter((r) => r.waiver !== undefined);
  if (waived.length > 0) {
    lines.push(
      '',
      `WAIVED by the procurement profile${result.profile !== undefined ? ` '${md(result.profile.name)}'` : ''}:`,
      ...waived.map((r) => `- ${md(r.id)} (${r.level}, ${r.verdict}): ${md(r.waiver!.reason)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return md(text) || ' ';
}

/** The Markdown file of a run: the summary, provenance, then every requirement with its evidence. */
export function renderMarkdownReport(result: RunResult, resultSha256?: string): string {
  const lines = [
    renderMarkdownSummary(result),
    `Scenario \`${md(result.scenario.file ?? result.scenario.name)}\`, seed ${result.scenario.seed}, speed ${result.scenario.speed}×; ` +
      `${result.startedAt} to ${result.endedAt}; camlab ${md(result.camlabVersion)}, specification ${md(result.specVersion)}.`,
    '',
    '### Provenance',
    '',
    ...provenanceEntries(result, resultSha256).map(([name, value]) => `- ${name}: ${md(value)}`),
    '',
    '| id | title | level | verdict | measured | threshold | message |',
    '|---|---|---|---|---|---|---|',
    ...result.verdicts.map(
      (r) =>
        `| ${cell(r.id)} | ${cell(r.title)} | ${r.level} | ${verdictLabel(r)} | ${r.measurement ? cell(formatMeasured(r.measurement)) : ' '} | ${
          r.measurement ? cell(formatThreshold(r.measurement)) : ' '
        } | ${cell(r.waiver !== undefined ? `${r.waiver.reason} (${r.verdict}: ${r.message})` : r.message)} |`,
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
