import { describe, expect, it } from 'vitest';
import { sampleRunResult } from '../../reports/fixtures/sample-run-result.ts';
import type { RunOutcome } from '../../reports/run-result.ts';
import type { RunEnding } from '../runner/run-scenario.ts';
import { ExitCode } from './exit-codes.ts';
import { exitCodeOf } from './run-and-report.ts';

const cases: { ending: RunEnding; outcome: RunOutcome['verdict']; exitCode: ExitCode }[] = [
  { ending: 'finished', outcome: 'PASS', exitCode: ExitCode.ok },
  { ending: 'finished', outcome: 'FAIL', exitCode: ExitCode.verdictFailed },
  { ending: 'finished', outcome: 'INCONCLUSIVE', exitCode: ExitCode.verdictFailed },
  { ending: 'interrupted', outcome: 'INCOMPLETE', exitCode: ExitCode.interrupted },
  { ending: 'interrupted', outcome: 'FAIL', exitCode: ExitCode.interrupted },
  { ending: 'infrastructure', outcome: 'INCOMPLETE', exitCode: ExitCode.infraError },
];

describe('exitCodeOf', () => {
  it.each(cases)('$ending with $outcome exits $exitCode', ({ ending, outcome, exitCode }) => {
    const result = sampleRunResult();
    result.outcome = { verdict: outcome, waived: 0, text: outcome };
    expect(exitCodeOf({ ending, result })).toBe(exitCode);
  });
});
