import type { RequirementVerdict, RunResult } from '../../reports/run-result.ts';

/** Counts per verdict, and how many MUST requirements failed (what `camlab run`'s exit code follows). */
export function summarize(verdicts: readonly RequirementVerdict[]): RunResult['summary'] {
  const summary = { pass: 0, fail: 0, notApplicable: 0, notExercised: 0, mustFailed: 0, waived: 0 };
  for (const v of verdicts) {
    if (v.waiver !== undefined) summary.waived++;
    if (v.verdict === 'PASS') summary.pass++;
    else if (v.verdict === 'FAIL') {
      summary.fail++;
      if (v.level === 'MUST') summary.mustFailed++;
    } else if (v.verdict === 'NOT APPLICABLE') summary.notApplicable++;
    else summary.notExercised++;
  }
  return summary;
}
