import { describe, expect, it } from 'vitest';
import type { RequirementVerdict, RunOutcome } from '../../reports/run-result.ts';
import type { Level, Verdict } from '../spec/requirement.ts';
import { applyWaivers } from '../profile/apply-profile.ts';
import { runOutcome } from './run-outcome.ts';

function verdict(id: string, v: Verdict, level: Level = 'MUST'): RequirementVerdict {
  return { id, title: id, area: 'RESILIENCE', level, verdict: v, message: '', params: {}, evidence: [], traces: [] };
}

const cases: {
  name: string;
  verdicts: RequirementVerdict[];
  waivers?: Record<string, string>;
  status?: 'complete' | 'partial';
  observationsDropped?: number;
  outcome: RunOutcome['verdict'];
  text?: string;
}[] = [
  { name: 'every MUST passed', verdicts: [verdict('A', 'PASS'), verdict('B', 'PASS')], outcome: 'PASS' },
  {
    name: 'a MUST the adapter cannot observe, no profile',
    verdicts: [verdict('A', 'PASS'), verdict('B', 'NOT APPLICABLE')],
    outcome: 'INCONCLUSIVE',
  },
  {
    name: 'a MUST the adapter cannot observe, waived',
    verdicts: [verdict('A', 'PASS'), verdict('B', 'NOT APPLICABLE')],
    waivers: { B: 'no recordings in this tender' },
    outcome: 'PASS',
    text: 'PASS (1 waived)',
  },
  {
    name: 'a waiver for another requirement',
    verdicts: [verdict('A', 'PASS'), verdict('B', 'NOT APPLICABLE')],
    waivers: { C: 'not this one' },
    outcome: 'INCONCLUSIVE',
  },
  {
    name: 'a MUST never exercised, waived',
    verdicts: [verdict('A', 'NOT EXERCISED'), verdict('B', 'NOT APPLICABLE')],
    waivers: { A: 'x', B: 'y' },
    outcome: 'PASS',
    text: 'PASS (2 waived)',
  },
  {
    name: 'a waiver never turns a FAIL into a pass',
    verdicts: [verdict('A', 'FAIL'), verdict('B', 'PASS')],
    waivers: { A: 'vendor asked nicely' },
    outcome: 'FAIL',
    text: 'FAIL',
  },
  {
    name: 'a SHOULD failed or was not exercised',
    verdicts: [
      verdict('A', 'PASS'),
      verdict('B', 'FAIL', 'SHOULD'),
      verdict('C', 'NOT EXERCISED', 'SHOULD'),
      verdict('D', 'NOT APPLICABLE', 'SHOULD'),
    ],
    outcome: 'PASS',
  },
  {
    name: 'a MUST was never exercised',
    verdicts: [verdict('A', 'PASS'), verdict('B', 'NOT EXERCISED')],
    outcome: 'INCONCLUSIVE',
  },
  { name: 'a MUST failed', verdicts: [verdict('A', 'FAIL'), verdict('B', 'NOT EXERCISED')], outcome: 'FAIL' },
  {
    name: 'interrupted without a failed MUST',
    verdicts: [verdict('A', 'PASS')],
    status: 'partial',
    outcome: 'INCOMPLETE',
  },
  { name: 'interrupted after a MUST failed', verdicts: [verdict('A', 'FAIL')], status: 'partial', outcome: 'FAIL' },
  {
    name: 'every MUST passed on evidence the bounded log had partly dropped',
    verdicts: [verdict('A', 'PASS')],
    observationsDropped: 1,
    outcome: 'INCOMPLETE',
  },
  {
    name: 'a MUST failed although evidence was dropped',
    verdicts: [verdict('A', 'FAIL')],
    observationsDropped: 10,
    outcome: 'FAIL',
  },
  { name: 'nothing dropped', verdicts: [verdict('A', 'PASS')], observationsDropped: 0, outcome: 'PASS' },
];

describe('runOutcome', () => {
  it.each(cases)('$name → $outcome', ({ verdicts, waivers, status, observationsDropped, outcome, text }) => {
    const got = runOutcome({
      verdicts: applyWaivers(verdicts, waivers ?? {}),
      status: status ?? 'complete',
      ...(observationsDropped !== undefined ? { observationsDropped } : {}),
    });
    expect(got.verdict).toBe(outcome);
    expect(got.text).toBe(text ?? outcome);
  });
});
