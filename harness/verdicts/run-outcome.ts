import type { RequirementVerdict, RunOutcome, RunResult } from '../../reports/run-result.ts';

/** A MUST the run did not show to hold, and the buyer did not waive. */
export function unprovenMust(v: RequirementVerdict): boolean {
  return (
    v.level === 'MUST' && (v.verdict === 'NOT APPLICABLE' || v.verdict === 'NOT EXERCISED') && v.waiver === undefined
  );
}

/**
 * The run's outcome, which `camlab run` turns into its exit code and every report shows:
 * - FAIL: a MUST failed.
 * - INCOMPLETE: interrupted (or the hub crashed), or the fleet's bounded observation log dropped
 *   evidence (`observationsDropped` > 0), without a failed MUST: it proves nothing.
 * - INCONCLUSIVE: a MUST was NOT APPLICABLE (the adapter cannot observe it) or NOT EXERCISED
 *   (the scenario never produced the evidence) and the buyer's procurement profile does not
 *   waive it: the run did not show the hub meets it, so it must not read as a pass. Whether a
 *   requirement applies is the buyer's call, never the adapter's.
 * - PASS: otherwise; "PASS (n waived)" when the profile waived n requirements the run did not show.
 */
export function runOutcome(result: {
  status: RunResult['status'];
  verdicts: readonly RequirementVerdict[];
  observationsDropped?: number;
}): RunOutcome {
  const waived = result.verdicts.filter((v) => v.waiver !== undefined).length;
  const verdict: RunOutcome['verdict'] = result.verdicts.some((v) => v.level === 'MUST' && v.verdict === 'FAIL')
    ? 'FAIL'
    : result.status === 'partial' || (result.observationsDropped ?? 0) > 0
      ? 'INCOMPLETE'
      : result.verdicts.some(unprovenMust)
        ? 'INCONCLUSIVE'
        : 'PASS';
  return { verdict, waived, text: waived > 0 ? `${verdict} (${waived} waived)` : verdict };
}
