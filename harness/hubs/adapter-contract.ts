import type { Capability, HubAdapter } from './hub-adapter.ts';

/**
 * The methods that come with a capability. The capability set is the truth the verdicts read
 * (NOT APPLICABLE when one is missing); these methods must be present exactly when their
 * capability is declared, so the set can never promise what the adapter cannot do, nor hide
 * what it does. Capabilities without methods (start, alarms, recordings, egress) are evidence
 * the adapter records into the log from open() and collect().
 */
const capabilityMethods: readonly {
  capability: Capability;
  method: 'provision' | 'release' | 'ptz';
  required: boolean;
}[] = [
  { capability: 'provision', method: 'provision', required: true },
  // A hub may be unable to let a camera go; then a handover judges it as never releasing.
  { capability: 'provision', method: 'release', required: false },
  { capability: 'ptz', method: 'ptz', required: true },
];

/**
 * Capabilities that only make sense beside another: frames of recordings are read from the
 * recordings the adapter lists, so an adapter cannot promise the one without the other.
 */
const capabilityPrerequisites: readonly { capability: Capability; needs: Capability }[] = [
  { capability: 'recording-frames', needs: 'recordings' },
];

/** Thrown when an adapter's declared capabilities and its methods disagree. */
export class AdapterContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdapterContractError';
  }
}

/** What is wrong with an adapter's capabilities against its methods; empty when they agree. */
export function adapterContractProblems(adapter: HubAdapter): string[] {
  const problems: string[] = [];
  for (const { capability, method, required } of capabilityMethods) {
    const declared = adapter.capabilities.has(capability);
    const present = typeof adapter[method] === 'function';
    if (declared && required && !present) problems.push(`declares '${capability}' but has no ${method}() method`);
    if (!declared && present) problems.push(`has a ${method}() method but does not declare '${capability}'`);
  }
  for (const { capability, needs } of capabilityPrerequisites) {
    if (adapter.capabilities.has(capability) && !adapter.capabilities.has(needs))
      problems.push(`declares '${capability}' without '${needs}'`);
  }
  return problems;
}

/** Throws AdapterContractError naming every disagreement between capabilities and methods. */
export function checkAdapterContract(adapter: HubAdapter): void {
  const problems = adapterContractProblems(adapter);
  if (problems.length > 0) throw new AdapterContractError(`hub adapter '${adapter.kind}' ${problems.join('; ')}`);
}
