import type { RequirementVerdict, RunResult } from '../run-result.ts';
import { formatEvidence, formatMeasurement, provenanceEntries, waiverText } from '../format/format-measurement.ts';
import { escapeXml, escapeXmlText } from './escape-xml.ts';
import { loadThresholdCases } from './load-threshold-cases.ts';

/**
 * JUnit XML for CI: one <testcase> per requirement (classname = area, name = "ID title").
 * FAIL becomes <failure> (type = the level, so a pipeline can tell MUST from SHOULD);
 * NOT APPLICABLE and NOT EXERCISED become <skipped> with the reason, a waived one <skipped>
 * with the buyer's reason. The run's outcome and its provenance (versions, input and
 * result.json hashes) are suite properties. The Jenkins/Surefire schema is the common
 * denominator: attributes only, no nesting beyond suite/case.
 */
export function renderJunit(result: RunResult, resultSha256?: string): string {
  const v = result.verdicts;
  const loadCases = result.load !== undefined ? loadThresholdCases(result.load) : [];
  const failures = v.filter((r) => r.verdict === 'FAIL').length + loadCases.filter((c) => c.failed).length;
  const skipped =
    v.filter((r) => r.verdict === 'NOT APPLICABLE' || r.verdict === 'NOT EXERCISED').length +
    loadCases.filter((c) => c.skipped).length;
  const seconds = ((result.endMs - result.startMs) / 1000).toFixed(3);
  const suiteName = `camlab.${result.scenario.name}${result.status === 'partial' ? ' (PARTIAL)' : ''}`;
  const counts = `tests="${v.length + loadCases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds}"`;

  const properties: [string, string][] = [
    ['outcome', result.outcome.text],
    ...provenanceEntries(result, resultSha256),
    ['scenario', result.scenario.name],
    ['scenario.file', result.scenario.file ?? ''],
    ['seed', String(result.scenario.seed)],
    ['speed', String(result.scenario.speed)],
    ['status', result.status],
    ...(result.partialReason !== undefined ? ([['partial.reason', result.partialReason]] as [string, string][]) : []),
    ...((result.observationsDropped ?? 0) > 0
      ? ([['observations.dropped', String(result.observationsDropped)]] as [string, string][])
      : []),
    ...(result.load !== undefined ? ([['load.knee', result.load.knee]] as [string, string][]) : []),
    ...result.hubs.map((h): [string, string] => [
      `hub.${h.instance}`,
      `${h.identity.name}${h.identity.version !== undefined ? ` ${h.identity.version}` : ''} (adapter ${h.adapter}; ${h.capabilities.join(', ') || 'no capabilities'})`,
    ]),
  ];

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`camlab: ${result.scenario.name}`)}" ${counts}>`,
    `  <testsuite name="${escapeXml(suiteName)}" ${counts} timestamp="${escapeXml(result.startedAt)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`),
    '    </properties>',
    ...v.map((r) => renderCase(r, result)),
    ...loadCases.map((c) => c.xml),
    ...(result.status === 'partial'
      ? [
          `    <system-err>${escapeXmlText(`PARTIAL RUN: ${result.partialReason ?? 'the run did not finish'}`)}</system-err>`,
        ]
      : []),
    '  </testsuite>',
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}

function renderCase(r: RequirementVerdict, result: RunResult): string {
  const open = `    <testcase classname="${escapeXml(r.area)}" name="${escapeXml(`${r.id} ${r.title}`)}" time="0"`;
  const evidence = r.evidence.map((e) => formatEvidence(e, result)).join('\n');
  switch (r.verdict) {
    case 'PASS': {
      const out = [r.message, r.measurement ? formatMeasurement(r.measurement) : '', evidence]
        .filter(Boolean)
        .join('\n');
      return out ? `${open}>\n      <system-out>${escapeXmlText(out)}</system-out>\n    </testcase>` : `${open}/>`;
    }
    case 'FAIL': {
      const message = [`${r.level}: ${r.message}`, r.measurement ? formatMeasurement(r.measurement) : '']
        .filter(Boolean)
        .join('; ');
      return `${open}>\n      <failure type="${escapeXml(r.level)}" message="${escapeXml(message)}">${escapeXmlText(evidence)}</failure>\n    </testcase>`;
    }
    case 'NOT APPLICABLE':
    case 'NOT EXERCISED':
      if (r.waiver !== undefined)
        return `${open}>\n      <skipped message="${escapeXml(waiverText(r))}"/>\n    </testcase>`;
      return `${open}>\n      <skipped message="${escapeXml(`${r.verdict}: ${r.message}`)}"/>\n    </testcase>`;
  }
}
