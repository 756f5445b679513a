import type { Measurement, RequirementVerdict, RunResult } from '../run-result.ts';

/** Shared wording for every renderer, so HTML, JUnit and Markdown say the same thing. */

const unitSuffix: Record<Measurement['unit'], string> = {
  ms: ' ms',
  ratio: '',
  count: '',
  'per-second': ' /s',
  kbps: ' kbps',
};

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

export function formatValue(value: number, unit: Measurement['unit']): string {
  return `${formatNumber(value)}${unitSuffix[unit]}`;
}

/** e.g. "14200 ms" */
export function formatMeasured(m: Measurement): string {
  return formatValue(m.value, m.unit);
}

/** e.g. "<= 10000 ms" */
export function formatThreshold(m: Measurement): string {
  return `${m.op} ${formatValue(m.threshold, m.unit)}`;
}

/** e.g. "worst reconnect delay: measured 14200 ms, threshold <= 10000 ms" */
export function formatMeasurement(m: Measurement): string {
  return `${m.name}: measured ${formatMeasured(m)}, threshold ${formatThreshold(m)}`;
}

/** Offset of an instant from the run's start, e.g. "+90.0 s". */
export function formatOffset(atMs: number, result: Pick<RunResult, 'startMs'>): string {
  return `+${((atMs - result.startMs) / 1000).toFixed(1)} s`;
}

export function formatEvidence(
  e: { camera?: string; hub?: string; atMs?: number; fromMs?: number; toMs?: number; text: string },
  result: Pick<RunResult, 'startMs'>,
): string {
  const where = [e.hub !== undefined ? `hub ${e.hub}` : '', e.camera !== undefined ? `camera ${e.camera}` : '']
    .filter(Boolean)
    .join(', ');
  let when = '';
  if (e.atMs !== undefined) when = `at ${formatOffset(e.atMs, result)}`;
  else if (e.fromMs !== undefined && e.toMs !== undefined)
    when = `${formatOffset(e.fromMs, result)} to ${formatOffset(e.toMs, result)}`;
  else if (e.fromMs !== undefined) when = `from ${formatOffset(e.fromMs, result)}`;
  const prefix = [where, when].filter(Boolean).join(' ');
  return prefix ? `${prefix}: ${e.text}` : e.text;
}

/** How a requirement's verdict reads in a report: a waived one says WAIVED, whatever the run could not show. */
export function verdictLabel(r: Pick<RequirementVerdict, 'verdict' | 'waiver'>): string {
  return r.waiver !== undefined ? 'WAIVED' : r.verdict;
}

/** Why a waived requirement does not count, e.g. "WAIVED by the procurement profile: reason (NOT APPLICABLE: message)". */
export function waiverText(r: RequirementVerdict): string {
  return `WAIVED by the procurement profile: ${r.waiver?.reason ?? ''} (${r.verdict}: ${r.message})`;
}

/**
 * What a report attached to a tender is checked against: camlab's and the specification's
 * versions, the procurement profile, the SHA-256 of every input file and of result.json.
 */
export function provenanceEntries(result: RunResult, resultSha256: string | undefined): [string, string][] {
  const entries: [string, string][] = [
    ['camlab.version', result.camlabVersion],
    ['spec.version', result.specVersion],
    [
      'profile',
      result.profile !== undefined
        ? `${result.profile.name}${result.profile.owner !== undefined ? ` (${result.profile.owner})` : ''}`
        : 'none: nothing waived',
    ],
  ];
  if (result.profile?.procurement.concurrentStreams !== undefined)
    entries.push(['procurement.concurrentStreams', String(result.profile.procurement.concurrentStreams)]);
  for (const f of result.inputs) entries.push([`sha256.${f.role}`, `${f.sha256}  ${f.path}`]);
  if (resultSha256 !== undefined) entries.push(['sha256.result.json', resultSha256]);
  return entries;
}
