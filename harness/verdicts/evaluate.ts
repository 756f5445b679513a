import type { Observation } from '../../simulators/observations/observation.ts';
import type { Capability } from '../hubs/hub-adapter.ts';
import type { RequirementVerdict } from '../../reports/run-result.ts';
import type { CheckOutcome, Evidence, Requirement, RunFacts } from '../spec/requirement.ts';
import { OverrideError, validateOverrides } from './validate-overrides.ts';

/** Evidence kept per verdict; failures first, so the cap never hides why it failed. */
export const maxEvidencePerVerdict = 20;

export interface EvaluateInput {
  requirements: Requirement[];
  /** Per requirement id, tightened parameter values (validated: loosening throws OverrideError). */
  overrides: Record<string, Record<string, number>>;
  observations: readonly Observation[];
  run: RunFacts;
  /** The capabilities of the hub adapter(s) in this run. */
  capabilities: ReadonlySet<Capability>;
  /** Only these requirement ids (a scenario's `expect`); all given requirements when absent. */
  selected?: string[];
}

const capabilityEvidence: Record<Capability, string> = {
  start: 'starting the hub',
  provision: 'provisioning records (hub.provisioned)',
  alarms: 'the hub’s alarms (hub.alarm)',
  recordings: 'the hub’s recordings (hub.recording)',
  'recording-frames': 'the frames the hub’s recordings hold, with their SEI capture times (hub.recording.frames)',
  ptz: 'operator PTZ through the hub (hub.ptz)',
  egress: 'the hub’s restream (hub.egress)',
};

function capEvidence(evidence: Evidence[]): Evidence[] {
  if (evidence.length <= maxEvidencePerVerdict) return evidence;
  const kept = evidence.slice(0, maxEvidencePerVerdict - 1);
  return [...kept, { text: `… and ${evidence.length - kept.length} more` }];
}

/**
 * Judges every (selected) requirement from the observations of a run:
 * - a requirement needing an adapter capability the hub lacks is NOT APPLICABLE, with the reason;
 * - otherwise its check decides, and NOT EXERCISED means the scenario never produced the evidence;
 * - a PASS without evidence is not a pass: it becomes NOT EXERCISED.
 */
export function evaluate(input: EvaluateInput): RequirementVerdict[] {
  const issues = validateOverrides(input.requirements, input.overrides);
  if (issues.length > 0) throw new OverrideError(issues);
  const wanted = input.selected === undefined ? undefined : new Set(input.selected);
  if (wanted !== undefined) {
    const unknown = [...wanted].filter((id) => !input.requirements.some((r) => r.id === id));
    if (unknown.length > 0)
      throw new OverrideError(unknown.map((id) => ({ path: id, message: `unknown requirement '${id}'` })));
  }
  const verdicts: RequirementVerdict[] = [];
  for (const req of input.requirements) {
    if (wanted !== undefined && !wanted.has(req.id)) continue;
    const params: Record<string, number> = {};
    for (const [name, def] of Object.entries(req.params)) params[name] = input.overrides[req.id]?.[name] ?? def.default;
    const base = {
      id: req.id,
      title: req.title,
      area: req.area,
      level: req.level,
      params,
      traces: req.traces.map((t) => ({ ...t })),
    };
    const missing = req.needs.capabilities.filter((c) => !input.capabilities.has(c));
    if (missing.length > 0) {
      verdicts.push({
        ...base,
        verdict: 'NOT APPLICABLE',
        message: `needs ${missing.map((c) => capabilityEvidence[c]).join(' and ')}, which this hub adapter does not provide (capabilities: ${[...input.capabilities].join(', ') || 'none'})`,
        evidence: [],
      });
      continue;
    }
    let outcome: CheckOutcome;
    try {
      outcome = req.check({ observations: input.observations, params, run: input.run });
    } catch (err) {
      throw new Error(`check of ${req.id} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (outcome.verdict === 'PASS' && outcome.evidence.length === 0) {
      outcome = { verdict: 'NOT EXERCISED', message: `no evidence behind a pass (${outcome.message})`, evidence: [] };
    }
    verdicts.push({
      ...base,
      verdict: outcome.verdict,
      message: outcome.message,
      ...(outcome.measurement ? { measurement: outcome.measurement } : {}),
      evidence: capEvidence(outcome.evidence),
    });
  }
  return verdicts;
}
