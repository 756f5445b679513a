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
  /**
   * Entries before this index are dropped but not yet removed: removing one per record would
   * move the whole array each time (O(maxEntries) per request once full), so they go in batches.
   */
  private head = 0;
  private listeners = new Set<ObservationListener>();
  droppedTotal = 0;

  constructor(readonly maxEntries = 2_000_000) {}

  record(obs: Observation): void {
    this.entries.push(obs);
    if (this.entries.length - this.head > this.maxEntries) {
      this.head++;
      this.droppedTotal++;
      if (this.head >= Math.max(1024, this.maxEntries >> 3)) this.compact();
    }
    for (const l of this.listeners) l(obs);
  }

  private compact(): void {
    if (this.head === 0) return;
    this.entries.splice(0, this.head);
    this.head = 0;
  }

  subscribe(listener: ObservationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): readonly Observation[] {
    this.compact();
    return this.entries;
  }

  ofKind<K extends ObservationKind>(kind: K): ObservationOf<K>[] {
    this.compact();
    return this.entries.filter((o): o is ObservationOf<K> => o.kind === kind);
  }

  query(q: ObservationQuery): Observation[] {
    const kinds = q.kinds ? new Set<string>(q.kinds) : undefined;
    this.compact();
    return this.entries.filter(
      (o) =>
        (kinds === undefined || kinds.has(o.kind)) &&
        (q.camera === undefined || ('camera' in o && o.camera === q.camera)) &&
        (q.sinceMs === undefined || o.atMs >= q.sinceMs) &&
        (q.untilMs === undefined || o.atMs <= q.untilMs),
    );
  }

  get size(): number {
    return this.entries.length - this.head;
  }
}
