import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import { failed, notApplicable, notExercised, passed } from '../evidence/outcomes.ts';

/**
 * A device requirement passes when every one of its probe steps ran and succeeded on every
 * probed device. A failed step fails it, with the step's reason. A step the device declared it
 * does not offer (no PTZ service, ActionNotSupported) makes it NOT APPLICABLE, saying how the
 * device declared it; a step that never ran leaves it NOT EXERCISED.
 */
export function judgeProbeSteps(ctx: CheckContext, steps: readonly string[], what: string): CheckOutcome {
  const results = ctx.observations.filter((o) => o.kind === 'probe.result' && steps.includes(o.step));
  if (results.length === 0) return notExercised(`no probe of ${what} ran`);
  const evidence: Evidence[] = [];
  const failures: Evidence[] = [];
  let firstFailure = '';
  const unsupported: string[] = [];
  for (const r of results) {
    if (r.kind !== 'probe.result') continue;
    const e = { camera: r.camera, atMs: r.atMs, text: `${r.step}: ${r.outcome} — ${r.detail}` };
    if (r.outcome === 'failed') {
      failures.push(e);
      firstFailure ||= `${r.step}: ${r.detail}`;
    } else if (r.outcome === 'unsupported') unsupported.push(`${r.step}: ${r.detail}`);
    else evidence.push(e);
  }
  const measurement = {
    name: `failed ${what} probe steps`,
    value: failures.length,
    unit: 'count' as const,
    threshold: 0,
    op: '<=' as const,
  };
  if (failures.length > 0)
    return failed(`${failures.length} ${what} probe step(s) failed — ${firstFailure}`, measurement, [
      ...failures,
      ...evidence,
    ]);
  if (unsupported.length > 0)
    return notApplicable(`the device does not offer ${what} (${[...new Set(unsupported)].join('; ')})`);
  const missing = steps.filter((s) => !results.some((r) => r.kind === 'probe.result' && r.step === s));
  if (missing.length > 0) return notExercised(`probe steps never ran: ${missing.join(', ')}`);
  return passed(`all ${what} probe steps succeeded`, measurement, evidence);
}
