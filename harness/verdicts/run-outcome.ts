import type { RunResult } from '../run-result.ts';

export type RunOutcome = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'INCOMPLETE';

/**
 * The run's outcome, which `camlab run` turns into its exit code and every report shows:
 * - FAIL: a MUST failed.
 * - INCOMPLETE: interrupted (or the hub crashed) without a failed MUST: it proves nothing.
 * - INCONCLUSIVE: a MUST the run judged was never exercised (say, an outage too short at that
 *   --speed): the run did not show the hub meets it, so it must not read as a pass.
 * - PASS: otherwise. A MUST that is NOT APPLICABLE (the hub's adapter cannot observe it) is
 *   listed with its reason and does not block: it is a known limit of the adapter, not of the run.
 */
export function runOutcome(result: Pick<RunResult, 'summary' | 'status' | 'verdicts'>): RunOutcome {
  if (result.summary.mustFailed > 0) return 'FAIL';
  if (result.status === 'partial') return 'INCOMPLETE';
  if (result.verdicts.some((v) => v.level === 'MUST' && v.verdict === 'NOT EXERCISED')) return 'INCONCLUSIVE';
  return 'PASS';
}
