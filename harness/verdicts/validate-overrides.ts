import type { Requirement } from '../spec/requirement.ts';

/** One problem with a scenario's parameter overrides; `path` is 'REQ-ID.param'. */
export interface OverrideIssue {
  path: string;
  message: string;
}

/**
 * Scenarios may tighten a requirement's thresholds, never loosen them: a vendor cannot pass a
 * MUST by relaxing it in their own scenario file.
 */
export function validateOverrides(
  requirements: readonly Requirement[],
  overrides: Readonly<Record<string, Readonly<Record<string, number>>>>,
): OverrideIssue[] {
  const issues: OverrideIssue[] = [];
  for (const [id, params] of Object.entries(overrides)) {
    const req = requirements.find((r) => r.id === id);
    if (req === undefined) {
      issues.push({ path: id, message: `unknown requirement '${id}'` });
      continue;
    }
    for (const [name, value] of Object.entries(params)) {
      const path = `${id}.${name}`;
      const def = (req.params as Record<string, Requirement['params'][string] | undefined>)[name];
      if (def === undefined) {
        const known = Object.keys(req.params);
        issues.push({
          path,
          message: `unknown parameter '${name}' of ${id}; expected ${known.length > 0 ? known.map((k) => `'${k}'`).join(', ') : 'none (it has no parameters)'}`,
        });
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        issues.push({ path, message: `expected a finite number (${def.unit}), got ${String(value)}` });
        continue;
      }
      const loosens = def.stricter === 'lower' ? value > def.default : value < def.default;
      if (loosens) {
        issues.push({
          path,
          message: `${value} ${def.unit} loosens the specification (default ${def.default} ${def.unit}); only ${def.stricter} values tighten ${def.description}`,
        });
      }
    }
  }
  return issues;
}

/** Thrown by evaluate() when overrides are invalid; the scenario validator reports the issues first. */
export class OverrideError extends Error {
  constructor(readonly issues: OverrideIssue[]) {
    super(`invalid requirement overrides:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'OverrideError';
  }
}
