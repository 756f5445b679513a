import type { FaultKind } from './fault-kind.ts';

export class DuplicateFaultKindError extends Error {
  constructor(kind: string) {
    super(`fault kind '${kind}' is already registered`);
    this.name = 'DuplicateFaultKindError';
  }
}

/** The fault kinds by name. Registering a name twice is a programming error and throws. */
export class FaultRegistry {
  private readonly byKind = new Map<string, FaultKind>();

  constructor(kinds: readonly FaultKind[] = []) {
    for (const k of kinds) this.register(k);
  }

  register(kind: FaultKind): void {
    if (this.byKind.has(kind.kind)) throw new DuplicateFaultKindError(kind.kind);
    this.byKind.set(kind.kind, kind);
  }

  get(kind: string): FaultKind | undefined {
    return this.byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  all(): FaultKind[] {
    return [...this.byKind.values()];
  }
}
