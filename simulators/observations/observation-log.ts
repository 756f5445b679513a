import type { Observation, ObservationKind, ObservationOf } from './observation.ts';

export type ObservationListener = (obs: Observation) => void;

export interface ObservationQuery {
  camera?: string;
  kinds?: readonly ObservationKind[];
  sinceMs?: number;
  untilMs?: number;
}

/**
 * The append-only record of a run. Producers call record(); the control API streams it; the
 * harness reads it when judging. Bounded: past maxEntries the oldest entries are dropped and
 * counted, so a soak run cannot grow memory without limit.
 */
export class ObservationLog {
  private entries: Observation[] = [];
  private listeners = new Set<ObservationListener>();
  droppedTotal = 0;

  constructor(readonly maxEntries = 2_000_000) {}

  record(obs: Observation): void {
    this.entries.push(obs);
    if (this.entries.length > this.maxEntries) {
      const excess = this.entries.length - this.maxEntries;
      this.entries.splice(0, excess);
      this.droppedTotal += excess;
    }
    for (const l of this.listeners) l(obs);
  }

  subscribe(listener: ObservationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): readonly Observation[] {
    return this.entries;
  }

  ofKind<K extends ObservationKind>(kind: K): ObservationOf<K>[] {
    return this.entries.filter((o): o is ObservationOf<K> => o.kind === kind);
  }

  query(q: ObservationQuery): Observation[] {
    const kinds = q.kinds ? new Set<string>(q.kinds) : undefined;
    return this.entries.filter(
      (o) =>
        (kinds === undefined || kinds.has(o.kind)) &&
        (q.camera === undefined || ('camera' in o && o.camera === q.camera)) &&
        (q.sinceMs === undefined || o.atMs >= q.sinceMs) &&
        (q.untilMs === undefined || o.atMs <= q.untilMs),
    );
  }

  get size(): number {
    return this.entries.length;
  }
}
