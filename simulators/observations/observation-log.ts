import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Observation, ObservationKind, ObservationOf } from './observation.ts';
import { estimateObservationBytes } from './observation-size.ts';
import { ObservationSpill, type SpilledSegment, type SpilledStream, type SpillFilter } from './observation-spill.ts';

/** `seq`: the observation's sequence number, its position in record order (0 for the first). */
export type ObservationListener = (obs: Observation, seq: number) => void;

export interface ObservationQuery {
  camera?: string;
  kinds?: readonly ObservationKind[];
  sinceMs?: number;
  untilMs?: number;
}

/** An observation with its sequence number (a cursor a reader resumes from). */
export interface SequencedObservation {
  seq: number;
  observation: Observation;
}

export interface ObservationSelect extends ObservationQuery {
  /** Only observations with a sequence number at or above this one. */
  fromSeq?: number;
  /** Only observations with a sequence number below this one (default: those recorded when the read starts). */
  beforeSeq?: number;
}

/** A batch of scanColumns(): a spilled segment as columns, or observations from memory. */
export type ObservationBatch = { segment: SpilledSegment } | { observations: readonly Observation[] };

export interface ObservationLogOptions {
  /** Observations held in memory at most. Unbounded by count unless given. */
  maxEntries?: number;
  /** Estimated bytes of observations held in memory at most (observation-size.ts). Default 256 MiB. */
  memoryBudgetBytes?: number;
  /**
   * Where observations past the memory bounds go: the log makes a folder of its own inside, which
   * close() removes.
   * Without one they are dropped, oldest first, and counted in droppedTotal.
   */
  spillDir?: string;
  /** Observations per spill segment (observation-spill.ts). */
  spillSegmentRows?: number;
}

export const defaultMemoryBudgetBytes = 256 * 1024 * 1024;

/** Observations per array scan() yields from memory. */
const scanBatch = 65_536;

/**
 * The append-only record of a run. Producers call record(); subscribers see each observation as
 * it is recorded; the harness reads everything with scan() when judging. Memory is bounded by
 * estimated bytes (and optionally by count): past the bound the oldest observations go to the
 * spill on disk when the log has one, or are dropped and counted in `droppedTotal`, so a soak
 * run cannot grow memory without limit, and a run that lost evidence knows it.
 *
 * all(), ofKind() and query() read what is in memory: everything for a log that never spilled,
 * the newest observations within the budget for one that did (`spilledTotal` > 0).
 */
export class ObservationLog {
  private entries: Observation[] = [];
  private entryBytes: number[] = [];
  /**
   * Entries before this index are gone but not yet removed: removing one per record would
   * move the whole array each time, so they go in batches.
   */
  private head = 0;
  private listeners = new Set<ObservationListener>();
  private readonly spill: ObservationSpill | undefined;
  /** The sequence number (record order) of entries[head]. */
  private headSeq = 0;
  private evictedDropped = 0;
  readonly maxEntries: number;
  readonly memoryBudgetBytes: number;
  /** Names this log: a reader resuming by sequence number checks it is still the log it read (a restarted process has another). */
  readonly id = randomUUID();
  /** Estimated bytes of the observations in memory. */
  memoryBytes = 0;

  constructor(limits: number | ObservationLogOptions = {}) {
    const opts = typeof limits === 'number' ? { maxEntries: limits } : limits;
    this.maxEntries = opts.maxEntries ?? Number.POSITIVE_INFINITY;
    this.memoryBudgetBytes = opts.memoryBudgetBytes ?? defaultMemoryBudgetBytes;
    this.spill =
      opts.spillDir !== undefined
        ? new ObservationSpill({
            // A folder of its own: close() removes it, never the folder the user named.
            dir: join(opts.spillDir, `camlab-observations-${process.pid}-${randomUUID().slice(0, 8)}`),
            ...(opts.spillSegmentRows !== undefined ? { segmentRows: opts.spillSegmentRows } : {}),
          })
        : undefined;
  }

  record(obs: Observation): void {
    const bytes = estimateObservationBytes(obs);
    this.entries.push(obs);
    this.entryBytes.push(bytes);
    this.memoryBytes += bytes;
    while (
      this.entries.length - this.head > this.maxEntries ||
      (this.memoryBytes > this.memoryBudgetBytes && this.entries.length - this.head > 1)
    )
      this.evictOldest();
    const seq = this.headSeq + this.entries.length - this.head - 1;
    for (const l of this.listeners) l(obs, seq);
  }

  private evictOldest(): void {
    const obs = this.entries[this.head]!;
    this.memoryBytes -= this.entryBytes[this.head]!;
    if (this.spill !== undefined) this.spill.append(this.headSeq, obs);
    else this.evictedDropped++;
    this.head++;
    this.headSeq++;
    if (this.head >= Math.max(1024, (this.entries.length - this.head) >> 3)) this.compact();
  }

  private compact(): void {
    if (this.head === 0) return;
    this.entries.splice(0, this.head);
    this.entryBytes.splice(0, this.head);
    this.head = 0;
  }

  subscribe(listener: ObservationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The observations in memory, in record order (see the class comment): a snapshot, a new array
   * each call, because the views checks derive are memoised per array (harness/spec/evidence/memo.ts)
   * and a live array would give a later reader the views of an earlier moment.
   */
  all(): readonly Observation[] {
    return this.entries.slice(this.head);
  }

  /** The observations of one kind in memory. */
  ofKind<K extends ObservationKind>(kind: K): ObservationOf<K>[] {
    this.compact();
    return this.entries.filter((o): o is ObservationOf<K> => o.kind === kind);
  }

  /** The observations in memory that match. */
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

  /**
   * Every observation kept (spilled, then in memory), in record order, in arrays of up to a
   * segment each. For a finished run: observations recorded while it reads may be missed.
   */
  async *scan(): AsyncGenerator<readonly Observation[]> {
    if (this.spill !== undefined) {
      this.spill.flush();
      yield* this.spill.read();
    }
    this.compact();
    for (let i = 0; i < this.entries.length; i += scanBatch) yield this.entries.slice(i, i + scanBatch);
  }

  /**
   * Every kept observation that matches `q`, spilled then in memory, in record order, in arrays of
   * up to a segment, while recording goes on: the observations recorded when the read starts
   * (or up to `beforeSeq`), whether they sit in memory or on disk by the time they are read. A
   * segment whose time bounds or kinds rule it out is not opened. The same query gives the same
   * answer from a log that spilled and one that did not.
   */
  async *select(q: ObservationSelect): AsyncGenerator<SequencedObservation[]> {
    const match = this.matcher(q);
    const filter = this.spillFilter(q);
    const endSeq = Math.min(q.beforeSeq ?? Number.POSITIVE_INFINITY, this.recordedTotal);
    let cursor = q.fromSeq ?? 0;
    while (cursor < endSeq) {
      if (this.spill === undefined || cursor >= this.headSeq) {
        // In memory now: read to the end at once, with no await in between.
        yield this.memoryMatches(Math.max(cursor, this.headSeq), endSeq, match);
        return;
      }
      const { segment, endSeq: next } = await this.spill.rowsFrom(cursor, filter);
      if (segment !== undefined) {
        const found = this.segmentMatches(segment, cursor, Math.min(next, endSeq), match);
        if (found.length > 0) yield found;
      }
      cursor = next;
    }
  }

  /**
   * Hands `listener` every kept observation that matches `q`: first those recorded so far (read
   * back, spilled or in memory), then each as it is recorded, in record order without a gap or a
   * repeat. `caughtUp` resolves once the first part is done (it rejects if a segment cannot be
   * read back); observations recorded meanwhile are held, up to `maxHeld`, and past that counted
   * in `missed()`. stop() ends it.
   */
  follow(
    listener: ObservationListener,
    q: ObservationSelect = {},
    maxHeld = 1_000_000,
  ): { caughtUp: Promise<void>; missed(): number; stop(): void } {
    const match = this.matcher(q);
    const before = this.recordedTotal;
    let held: SequencedObservation[] | undefined = [];
    let missed = 0;
    let stopped = false;
    const unsubscribe = this.subscribe((observation, seq) => {
      if (!match(observation)) return;
      if (held === undefined) listener(observation, seq);
      else if (held.length < maxHeld) held.push({ seq, observation });
      else missed++;
    });
    const caughtUp = (async () => {
      for await (const batch of this.select({ ...q, beforeSeq: before }))
        for (const o of batch) if (!stopped) listener(o.observation, o.seq);
      const rest = held ?? [];
      held = undefined;
      for (const o of rest) if (!stopped) listener(o.observation, o.seq);
    })();
    return {
      caughtUp,
      missed: () => missed,
      stop: () => {
        stopped = true;
        unsubscribe();
      },
    };
  }

  /**
   * The newest `limit` kept observations that match `q`, in record order: memory first, then the
   * spill's segments newest first, until `limit` are found, so a query for the latest entries
   * reads no more of the disk than it must, and one over the whole run holds `limit` at most.
   */
  async newest(q: ObservationSelect, limit: number): Promise<SequencedObservation[]> {
    const match = this.matcher(q);
    const filter = this.spillFilter(q);
    const floor = q.fromSeq ?? 0;
    let below = Math.min(q.beforeSeq ?? Number.POSITIVE_INFINITY, this.recordedTotal);
    const chunks: SequencedObservation[][] = [];
    let found = 0;
    const take = (rows: SequencedObservation[]): void => {
      const kept = rows.slice(Math.max(0, rows.length - (limit - found)));
      chunks.push(kept);
      found += kept.length;
    };
    if (below > this.headSeq) {
      // Newest first, so a query for the latest few does not walk the whole memory.
      const newestFirst: SequencedObservation[] = [];
      const offset = this.head - this.headSeq;
      for (let seq = below - 1; seq >= Math.max(floor, this.headSeq) && newestFirst.length < limit; seq--) {
        const observation = this.entries[seq + offset]!;
        if (match(observation)) newestFirst.push({ seq, observation });
      }
      take(newestFirst.reverse());
      // Found enough in memory: nothing older is read.
      below = newestFirst.length >= limit ? floor : this.headSeq;
    }
    while (found < limit && below > floor && this.spill !== undefined) {
      const { segment, startSeq } = await this.spill.rowsBefore(below, filter);
      if (segment !== undefined) take(this.segmentMatches(segment, Math.max(floor, startSeq), below, match));
      if (startSeq >= below) break;
      below = startSeq;
    }
    return chunks.reverse().flat();
  }

  /**
   * Everything kept, as scan() gives it, but each spilled segment as its columns (no
   * observation object made for its rtsp.session.stats), then memory as observations. For a
   * finished run; spilledStreams() names the streams the columns index.
   */
  async *scanColumns(): AsyncGenerator<ObservationBatch> {
    if (this.spill !== undefined) {
      this.spill.flush();
      for await (const segment of this.spill.readColumns()) yield { segment };
    }
    this.compact();
    for (let i = 0; i < this.entries.length; i += scanBatch)
      yield { observations: this.entries.slice(i, i + scanBatch) };
  }

  /** The RTSP streams the spilled stats columns index, with the rows each spilled. */
  spilledStreams(): readonly SpilledStream[] {
    return this.spill?.streams() ?? [];
  }

  private matcher(q: ObservationQuery): (o: Observation) => boolean {
    const kinds = q.kinds ? new Set<string>(q.kinds) : undefined;
    return (o) =>
      (kinds === undefined || kinds.has(o.kind)) &&
      (q.camera === undefined || ('camera' in o && o.camera === q.camera)) &&
      (q.sinceMs === undefined || o.atMs >= q.sinceMs) &&
      (q.untilMs === undefined || o.atMs <= q.untilMs);
  }

  private spillFilter(q: ObservationQuery): SpillFilter {
    return {
      ...(q.sinceMs !== undefined ? { sinceMs: q.sinceMs } : {}),
      ...(q.untilMs !== undefined ? { untilMs: q.untilMs } : {}),
      ...(q.kinds !== undefined
        ? { stats: q.kinds.includes('rtsp.session.stats'), other: q.kinds.some((k) => k !== 'rtsp.session.stats') }
        : {}),
    };
  }

  /** The matches among the observations in memory with sequence numbers in [fromSeq, toSeq). */
  private memoryMatches(fromSeq: number, toSeq: number, match: (o: Observation) => boolean): SequencedObservation[] {
    const out: SequencedObservation[] = [];
    const offset = this.head - this.headSeq;
    const end = Math.min(toSeq, this.recordedTotal);
    for (let seq = Math.max(fromSeq, this.headSeq); seq < end; seq++) {
      const observation = this.entries[seq + offset]!;
      if (match(observation)) out.push({ seq, observation });
    }
    return out;
  }

  /** The matches among a spilled segment's rows with sequence numbers in [fromSeq, toSeq). */
  private segmentMatches(
    segment: SpilledSegment,
    fromSeq: number,
    toSeq: number,
    match: (o: Observation) => boolean,
  ): SequencedObservation[] {
    const out: SequencedObservation[] = [];
    this.spill!.materialise(segment, fromSeq, toSeq, (observation, seq) => {
      if (match(observation)) out.push({ seq, observation });
    });
    return out;
  }

  /** Writes what the spill buffers (or counts it lost). */
  flush(): void {
    this.spill?.flush();
  }

  /** Removes the spill's files. The log keeps what is in memory. Idempotent. */
  async close(): Promise<void> {
    await this.spill?.close();
  }

  /**
   * Observations lost: dropped past the memory bounds without a spill, or spilled and then not
   * written or read back. A run that lost any is judged on incomplete evidence.
   */
  get droppedTotal(): number {
    return this.evictedDropped + (this.spill?.lostTotal ?? 0);
  }

  /** Why spilled observations were lost (empty when none were). */
  get lostReasons(): readonly string[] {
    return this.spill?.lostReasons ?? [];
  }

  /** Observations moved to disk (including any lost there). */
  get spilledTotal(): number {
    return this.spill?.spilledTotal ?? 0;
  }

  /** Bytes the spill wrote. */
  get bytesOnDisk(): number {
    return this.spill?.bytesOnDisk ?? 0;
  }

  /** The spill's folder, where the log has one. */
  get spillDir(): string | undefined {
    return this.spill?.dir;
  }

  /** The sequence number the next observation recorded gets: every observation recorded so far, kept or not. */
  get recordedTotal(): number {
    return this.headSeq + this.entries.length - this.head;
  }

  /** Observations in memory. */
  get memorySize(): number {
    return this.entries.length - this.head;
  }

  /** Observations kept: in memory, or spilled and not lost. */
  get size(): number {
    return this.memorySize + this.spilledTotal - (this.spill?.lostTotal ?? 0);
  }
}
