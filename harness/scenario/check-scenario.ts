import { dirname } from 'node:path';
import { PlanError, faultParams, plan, type PlanIssue } from '../plan/plan.ts';
import type { FleetLayout, Plan } from '../plan/plan-types.ts';
import { hubInstances } from './hub-instances.ts';
import type { ScenarioContext } from './scenario-context.ts';
import type { Scenario } from './scenario-schema.ts';

/**
 * Checks what the schema alone cannot: fault kinds and their inline parameters, stray keys on
 * other actions, adapter names, and everything plan() finds against the fleet and the
 * specification. Returns the plan when there is no issue.
 */
export function checkScenario(
  scenario: Scenario,
  file: string,
  layout: FleetLayout,
  context: Pick<ScenarioContext, 'faults' | 'spec' | 'adapterProblem'>,
): { plan?: Plan; issues: PlanIssue[] } {
  const issues: PlanIssue[] = [];
  const kinds = context.faults.kinds();
  scenario.timeline.forEach((entry, index) => {
    const params = faultParams(entry);
    if (entry.fault === undefined) {
      for (const key of Object.keys(params)) {
        issues.push({
          path: ['timeline', index, key],
          message: `unknown key '${key}'; only a fault takes inline parameters`,
        });
      }
      return;
    }
    if (!kinds.includes(entry.fault)) {
      issues.push({
        path: ['timeline', index, 'fault'],
        message: `unknown fault '${entry.fault}'; expected one of ${kinds.join(', ')}`,
      });
      return;
    }
    for (const issue of context.faults.paramIssues(entry.fault, params)) {
      issues.push({
        path: ['timeline', index, ...(issue.path.length > 0 ? issue.path : ['fault'])],
        message: `${entry.fault}: ${issue.message}`,
      });
    }
  });
  for (const h of hubInstances(scenario)) {
    const problem = context.adapterProblem(h.adapter, dirname(file));
    if (problem !== undefined)
      issues.push({ path: scenario.hubs !== undefined ? ['hubs', h.instance] : ['hub'], message: problem });
  }
  try {
    const planned = plan(scenario, context.spec, layout);
    const targetIssues = context.faults.targetIssues;
    if (targetIssues !== undefined) {
      const seen = new Set<number>();
      for (const step of planned.steps) {
        if (step.entry === undefined || seen.has(step.entry)) continue;
        // A repeated fault has the same targets every time; its first step speaks for all.
        if (step.type === 'fault') {
          seen.add(step.entry);
          for (const i of targetIssues(step.fault, step.params, step.cameras, layout))
            issues.push({ path: ['timeline', step.entry, ...i.path], message: `${step.fault}: ${i.message}` });
        } else if (step.type === 'handover' && step.addressBlock !== undefined) {
          seen.add(step.entry);
          for (const i of targetIssues('readdress', { addressBlock: step.addressBlock }, step.cameras, layout))
            issues.push({ path: ['timeline', step.entry, 'handover', ...i.path], message: i.message });
        }
      }
    }
    return issues.length > 0 ? { issues } : { plan: planned, issues };
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    return { issues: [...issues, ...err.issues] };
  }
}
