import { describe, expect, it } from 'vitest';
import type { RequirementVerdict } from '../run-result.ts';
import type { Level, Verdict } from '../spec/requirement.ts';
import { summarize } from './summarize.ts';
import { runOutcome, type RunOutcome } from './run-outcome.ts';

function verdict(id: string, v: Verdict, level: Level = 'MUST'): RequirementVerdict {
  return { id, title: id, area: 'RESILIENCE', level, verdict: v, message: '', params: {}, evidence: [], traces: [] };
}

const cases: { name: string; verdicts: RequirementVerdict[]; status?: 'complete' | 'partial'; outcome: RunOutcome }[] = [
  { name: 'every MUST passed', verdicts: [verdict('A', 'PASS'), verdict('B', 'PASS')], outcome: 'PASS' },
  { name: 'a MUST the adapter cannot observe', verdicts: [verdict('A', 'PASS'), verdict('B', 'NOT APPLICABLE')], outcome: 'PASS' },
  { name: 'a SHOULD failed or was not exercised', verdicts: [verdict('A', 'PASS'), verdict('B', 'FAIL', 'SHOULD'), verdict('C', 'NOT EXERCISED', 'SHOULD')], outcome: 'PASS' },
  { name: 'a MUST was never exercised', verdicts: [verdict('A', 'PASS'), verdict('B', 'NOT EXERCISED')], outcome: 'INCONCLUSIVE' },
  { name: 'a MUST failed', verdicts: [verdict('A', 'FAIL'), verdict('B', 'NOT EXERCISED')], outcome: 'FAIL' },
  { name: 'interrupted without a failed MUST', verdicts: [verdict('A', 'PASS')], status: 'partial', outcome: 'INCOMPLETE' },
  { name: 'interrupted after a MUST failed', verdicts: [verdict('A', 'FAIL')], status: 'partial', outcome: 'FAIL' },
];

describe('runOutcome', () => {
  it.each(cases)('$name → $outcome', ({ verdicts, status, outcome }) => {
    expect(runOutcome({ verdicts, summary: summarize(verdicts), status: status ?? 'complete' })).toBe(outcome);
  });
});
