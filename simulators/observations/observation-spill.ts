import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeVector, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import type { Observation, RtspSessionStatsObservation } from './observation.ts';

export interface ObservationSpillOptions {
  /** The folder the segments are written to (created on the first write, removed by close()). */
  dir: string;
  /** Observations per segment: what is buffered in memory before it goes to disk. */
  segmentRows?: number;
}

/** Where a segment's rows went. */
interface Segment {
  index: number;
  rows: number;
  /** The sequence numbers it holds: [firstSeq, firstSeq + rows). */
  firstSeq: number;
  /** The earliest and latest atMs in it (observations need not be recorded in time order). */
  minAtMs: number;
  maxAtMs: number;
  files: string[];
}

/** One RTSP session's stream as the stats columns index it. */
export interface SpilledStream {
  camera: string;
  session: string;
  profile: 'main' | 'sub';
  /** Its rtsp.session.stats spilled so far. */
  rows: number;
}

/**
 * The rtsp.session.stats of a segment as columns, row i being one observation: `stream[i]` an index
 * into the spill's streams(), NaN in an optional counter where the observation had none.
 */
export interface StatsColumns {
  rows: number;
  seq: ArrayLike<number>;
  atMs: ArrayLike<number>;
  stream: ArrayLike<number>;
  framesSent: ArrayLike<number>;
  bytesSent: ArrayLike<number>;
  framesDropped: ArrayLike<number>;
  framesDroppedQueueFull: ArrayLike<number>;
  framesSkipped: ArrayLike<number>;
}

/** Every other observation of a segment, with its sequence number; parsed when asked for. */
export interface OtherRows {
  rows: number;
  seq: ArrayLike<number>;
  get(j: number): Observation;
}

/** One segment as read back, before any observation object is made. */
export interface SpilledSegment {
  firstSeq: number;
  rows: number;
  stats: StatsColumns;
  other: OtherRows;
}

/** Which rows a read wants: segments outside are not opened, and a kind not asked for is not parsed. */
export interface SpillFilter {
  sinceMs?: number;
  untilMs?: number;
  /** Whether rtsp.session.stats are wanted (default true), and any other kind (default true). */
  stats?: boolean;
  other?: boolean;
}

/** The optional counters of rtsp.session.stats; NaN in a column means the observation had none. */
const optionalCounters = ['framesDroppedQueueFull', 'framesSkipped'] as const;
const counters = ['framesSent', 'bytesSent', 'framesDropped', ...optionalCounters] as const;
type Counter = (typeof counters)[number];
type StatsKey = 'kind' | 'atMs' | 'camera' | 'session' | 'profile' | Counter;

/**
 * Whether a stats observation is exactly what the columns hold (no extra or undefined-valued
 * members, counters that are numbers), so reading it back gives an equal object. Any other goes
 * to the JSON column whole.
 */
function columnar(o: Observation): o is RtspSessionStatsObservation {
  if (o.kind !== 'rtsp.session.stats') return false;
  let members = 8;
  for (const c of optionalCounters) {
    const v = o[c];
    if (v === undefined) continue;
    if (typeof v !== 'number' || Number.isNaN(v)) return false;
    members++;
  }
  return (
    Object.keys(o).length === members &&
    typeof o.atMs === 'number' &&
    typeof o.framesSent === 'number' &&
    typeof o.bytesSent === 'number' &&
    typeof o.framesDropped === 'number' &&
    typeof o.camera === 'string' &&
    typeof o.session === 'string' &&
    (o.profile === 'main' || o.profile === 'sub')
  );
}

/** The narrowest typed array that holds every value exactly (NaN and fractions need Float64). */
function narrowest(values: Float64Array): Uint8Array | Uint16Array | Uint32Array | Float64Array {
  let max = 0;
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff || Object.is(v, -0)) return values;
    if (v > max) max = v;
  }
  return max <= 0xff ? Uint8Array.from(values) : max <= 0xffff ? Uint16Array.from(values) : Uint32Array.from(values);
}

/**
 * The part of an ObservationLog that no longer fits its memory budget, on disk as Apache Arrow IPC
 * files: one segment of up to `segmentRows` observations at a time, each segment a columnar file
 * for rtsp.session.stats (the bulk of any long run: one per session per second; numbers in the
 * narrowest exact column, camera/session/profile as an index into a stream table kept in memory)
 * and a file of the other kinds as JSON text, both with the log's sequence numbers so that reading
 * gives record order back. A segment is written at once, synchronously (a few MiB to the page
 * cache: a millisecond or so, and a producer that records faster than the disk takes is held back
 * rather than growing memory); one whose write fails (a full disk) is counted in `lostTotal`, with
 * the reason, and is never read.
 */
export class ObservationSpill {
  readonly dir: string;
  private readonly segmentRows: number;
  /** camera \0 session \0 profile → stream index; the columns hold the index. */
  private readonly streamIndex = new Map<string, number>();
  private readonly streamTable: SpilledStream[] = [];
  private readonly stats: ReturnType<ObservationSpill['emptyStats']>;
  private statsRows = 0;
  private otherSeq: number[] = [];
  private otherJson: string[] = [];
  /** The sequence number of the first observation buffered, and the time bounds of those buffered. */
  private pendingFirstSeq = 0;
  private pendingMinAtMs = Number.POSITIVE_INFINITY;
  private pendingMaxAtMs = Number.NEGATIVE_INFINITY;
  /** One past the sequence number of the last observation handed over. */
  private seqEnd = 0;
  private readonly segments: Segment[] = [];
  private nextSegment = 0;
  private made = false;
  /** Observations handed to the spill. */
  spilledTotal = 0;
  /** Of spilledTotal: observations lost because their segment could not be written (or read back). */
  lostTotal = 0;
  /** Why observations were lost, one line per failure (the first few). */
  readonly lostReasons: string[] = [];
  /** Bytes of segments written. */
  bytesOnDisk = 0;

  constructor(opts: ObservationSpillOptions) {
    this.dir = opts.dir;
    this.segmentRows = opts.segmentRows ?? 65_536;
    this.stats = this.emptyStats();
  }

  private emptyStats() {
    const n = this.segmentRows;
    return {
      seq: new Float64Array(n),
      atMs: new Float64Array(n),
      stream: new Uint32Array(n),
      framesSent: new Float64Array(n),
      bytesSent: new Float64Array(n),
      framesDropped: new Float64Array(n),
      framesDroppedQueueFull: new Float64Array(n),
      framesSkipped: new Float64Array(n),
    };
  }

  /** Takes one observation, `seq` its position in the log (increasing). */
  append(seq: number, o: Observation): void {
    if (this.statsRows + this.otherSeq.length === 0) this.pendingFirstSeq = seq;
    if (o.atMs < this.pendingMinAtMs) this.pendingMinAtMs = o.atMs;
    if (o.atMs > this.pendingMaxAtMs) this.pendingMaxAtMs = o.atMs;
    this.seqEnd = seq + 1;
    this.spilledTotal++;
    if (columnar(o)) {
      const key = `${o.camera}\0${o.session}\0${o.profile}`;
      let stream = this.streamIndex.get(key);
      if (stream === undefined) {
        stream = this.streamTable.push({ camera: o.camera, session: o.session, profile: o.profile, rows: 0 }) - 1;
        this.streamIndex.set(key, stream);
      }
      this.streamTable[stream]!.rows++;
      const i = this.statsRows++;
      const s = this.stats;
      s.seq[i] = seq;
      s.atMs[i] = o.atMs;
      s.stream[i] = stream;
      s.framesSent[i] = o.framesSent;
      s.bytesSent[i] = o.bytesSent;
      s.framesDropped[i] = o.framesDropped;
      s.framesDroppedQueueFull[i] = o.framesDroppedQueueFull ?? NaN;
      s.framesSkipped[i] = o.framesSkipped ?? NaN;
    } else {
      this.otherSeq.push(seq);
      this.otherJson.push(JSON.stringify(o));
    }
    if (this.statsRows + this.otherSeq.length >= this.segmentRows) this.cut();
  }

  /** Closes the segment being filled and queues its write. */
  private cut(): void {
    const rows = this.statsRows + this.otherSeq.length;
    if (rows === 0) return;
    const segment: Segment = {
      index: this.nextSegment++,
      rows,
      firstSeq: this.pendingFirstSeq,
      minAtMs: this.pendingMinAtMs,
      maxAtMs: this.pendingMaxAtMs,
      files: [],
    };
    const writes: [string, Uint8Array][] = [];
    const base = join(this.dir, `segment-${String(segment.index).padStart(6, '0')}`);
    if (this.statsRows > 0) {
      const n = this.statsRows;
      const s = this.stats;
      const table = new Table({
        seq: makeVector(narrowest(s.seq.subarray(0, n))),
        atMs: makeVector(s.atMs.slice(0, n)),
        stream: makeVector(s.stream.slice(0, n)),
        ...Object.fromEntries(counters.map((c) => [c, makeVector(narrowest(s[c].subarray(0, n)))])),
      });
      writes.push([`${base}.stats.arrow`, tableToIPC(table, 'file')]);
    }
    if (this.otherSeq.length > 0) {
      const table = new Table({
        seq: makeVector(narrowest(Float64Array.from(this.otherSeq))),
        json: vectorFromArray(this.otherJson, new Utf8()),
      });
      writes.push([`${base}.other.arrow`, tableToIPC(table, 'file')]);
    }
    this.statsRows = 0;
    this.otherSeq = [];
    this.otherJson = [];
    this.pendingMinAtMs = Number.POSITIVE_INFINITY;
    this.pendingMaxAtMs = Number.NEGATIVE_INFINITY;
    try {
      if (!this.made) mkdirSync(this.dir, { recursive: true });
      this.made = true;
      for (const [file, bytes] of writes) {
        writeFileSync(file, bytes);
        segment.files.push(file);
        this.bytesOnDisk += bytes.byteLength;
      }
      this.segments.push(segment);
    } catch (err) {
      this.lose(rows, `segment ${segment.index}: ${(err as Error).message}`);
    }
  }

  private lose(rows: number, reason: string): void {
    this.lostTotal += rows;
    if (this.lostReasons.length < 10) this.lostReasons.push(reason);
  }

  /** Writes what is buffered (a failure is counted, never thrown). */
  flush(): void {
    this.cut();
  }

  /** The streams the stats columns index, with the rows each has spilled so far. */
  streams(): readonly SpilledStream[] {
    return this.streamTable;
  }

  /**
   * Every segment written, in record order, one array of observations per segment. Call after
   * flush(), once recording has stopped. A segment that cannot be read back counts as lost.
   */
  async *read(): AsyncGenerator<Observation[]> {
    for await (const segment of this.readColumns()) yield this.materialise(segment);
  }

  /**
   * Every segment written, in record order, as columns (no observation object made). Call after
   * flush(), once recording has stopped. A segment that cannot be read back counts as lost.
   */
  async *readColumns(): AsyncGenerator<SpilledSegment> {
    for (const segment of [...this.segments]) {
      let out: SpilledSegment;
      try {
        out = await this.readSegment(segment, {});
      } catch (err) {
        this.lose(segment.rows, `segment ${segment.index} unreadable: ${(err as Error).message}`);
        continue;
      }
      yield out;
    }
  }

  /**
   * The first rows at or after sequence number `cursor` (one segment, or the rows still buffered),
   * as `segment`, and the sequence number after them as `endSeq`; `segment` is left out where
   * `filter` rules the rows out without reading them. For a query while recording goes on: call
   * again from `endSeq` until it reaches the log's memory. The buffered rows are copied at once,
   * with no await in between; a segment that cannot be read back throws (a query is told,
   * rather than answered short). Rows of a segment whose write failed are skipped.
   */
  async rowsFrom(cursor: number, filter: SpillFilter): Promise<{ segment?: SpilledSegment; endSeq: number }> {
    const wanted = (rows: number, minAtMs: number, maxAtMs: number): boolean =>
      this.wanted(filter, rows, minAtMs, maxAtMs);
    const k = this.segmentAfter(cursor);
    const segment = this.segments[k];
    if (segment !== undefined) {
      const endSeq = segment.firstSeq + segment.rows;
      if (!wanted(segment.rows, segment.minAtMs, segment.maxAtMs)) return { endSeq };
      return { segment: await this.readSegment(segment, filter), endSeq };
    }
    const rows = this.statsRows + this.otherSeq.length;
    const endSeq = this.seqEnd;
    if (!wanted(rows, this.pendingMinAtMs, this.pendingMaxAtMs) || endSeq <= cursor) return { endSeq };
    return { segment: this.pendingSegment(), endSeq };
  }

  /**
   * The rows just below sequence number `below` (the buffered rows, else one segment), as
   * `segment`, and the first sequence number they cover as `startSeq` (0: nothing spilled lies
   * lower); `segment` is left out where `filter` rules the rows out without reading them. For the
   * newest rows first, while recording goes on: call again from `startSeq`.
   */
  async rowsBefore(below: number, filter: SpillFilter): Promise<{ segment?: SpilledSegment; startSeq: number }> {
    const rows = this.statsRows + this.otherSeq.length;
    if (rows > 0 && this.pendingFirstSeq < below) {
      const startSeq = this.pendingFirstSeq;
      if (!this.wanted(filter, rows, this.pendingMinAtMs, this.pendingMaxAtMs)) return { startSeq };
      return { segment: this.pendingSegment(), startSeq };
    }
    // The last segment that starts below `below`.
    const k = this.segmentAfter(below - 1);
    const at = this.segments[k];
    const holding = at !== undefined && at.firstSeq < below ? at : this.segments[k - 1];
    if (holding === undefined) return { startSeq: 0 };
    if (!this.wanted(filter, holding.rows, holding.minAtMs, holding.maxAtMs)) return { startSeq: holding.firstSeq };
    return { segment: await this.readSegment(holding, filter), startSeq: holding.firstSeq };
  }

  private wanted(filter: SpillFilter, rows: number, minAtMs: number, maxAtMs: number): boolean {
    return (
      rows > 0 &&
      (filter.sinceMs === undefined || maxAtMs >= filter.sinceMs) &&
      (filter.untilMs === undefined || minAtMs <= filter.untilMs)
    );
  }

  /** The index of the first segment holding a sequence number at or after `seq` (segments.length if none). */
  private segmentAfter(seq: number): number {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.segments[mid]!;
      if (m.firstSeq + m.rows <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The rows buffered and not yet written, as a segment read back would give them. */
  private pendingSegment(): SpilledSegment {
    const n = this.statsRows;
    const s = this.stats;
    const json = this.otherJson.slice();
    return {
      firstSeq: this.pendingFirstSeq,
      rows: n + this.otherSeq.length,
      stats: {
        rows: n,
        seq: s.seq.slice(0, n),
        atMs: s.atMs.slice(0, n),
        stream: s.stream.slice(0, n),
        framesSent: s.framesSent.slice(0, n),
        bytesSent: s.bytesSent.slice(0, n),
        framesDropped: s.framesDropped.slice(0, n),
        framesDroppedQueueFull: s.framesDroppedQueueFull.slice(0, n),
        framesSkipped: s.framesSkipped.slice(0, n),
      },
      other: { rows: json.length, seq: this.otherSeq.slice(), get: (j) => JSON.parse(json[j]!) as Observation },
    };
  }

  private async readSegment(segment: Segment, filter: SpillFilter): Promise<SpilledSegment> {
    const statsFile = segment.files.find((f) => f.endsWith('.stats.arrow'));
    const otherFile = segment.files.find((f) => f.endsWith('.other.arrow'));
    const stats =
      statsFile !== undefined && filter.stats !== false ? tableFromIPC(await readFile(statsFile)) : undefined;
    const other =
      otherFile !== undefined && filter.other !== false ? tableFromIPC(await readFile(otherFile)) : undefined;
    if (filter.stats !== false && filter.other !== false) {
      const rows = (stats?.numRows ?? 0) + (other?.numRows ?? 0);
      if (rows !== segment.rows) throw new Error(`${rows} rows where ${segment.rows} were written`);
    }
    const col = (t: Table | undefined, name: string): ArrayLike<number> =>
      (t?.getChild(name)?.toArray() as ArrayLike<number> | undefined) ?? [];
    const json = other?.getChild('json');
    return {
      firstSeq: segment.firstSeq,
      rows: segment.rows,
      stats: {
        rows: stats?.numRows ?? 0,
        seq: col(stats, 'seq'),
        atMs: col(stats, 'atMs'),
        stream: col(stats, 'stream'),
        framesSent: col(stats, 'framesSent'),
        bytesSent: col(stats, 'bytesSent'),
        framesDropped: col(stats, 'framesDropped'),
        framesDroppedQueueFull: col(stats, 'framesDroppedQueueFull'),
        framesSkipped: col(stats, 'framesSkipped'),
      },
      other: {
        rows: other?.numRows ?? 0,
        seq: col(other, 'seq'),
        get: (j) => JSON.parse(json!.get(j) as string) as Observation,
      },
    };
  }

  /**
   * The rows of a segment with sequence numbers in [fromSeq, toSeq) as observations, in record
   * order, each handed to `visit` with its sequence number (or returned, without a visitor).
   */
  materialise(
    segment: SpilledSegment,
    fromSeq = 0,
    toSeq = Number.POSITIVE_INFINITY,
    visit?: (o: Observation, seq: number) => void,
  ): Observation[] {
    const st = segment.stats;
    const sSeq = st.seq;
    const oSeq = segment.other.seq;
    const out: Observation[] = [];
    const emit = visit ?? ((o: Observation) => void out.push(o));
    let i = 0;
    let j = 0;
    while (i < st.rows || j < segment.other.rows) {
      if (j >= segment.other.rows || (i < st.rows && sSeq[i]! < oSeq[j]!)) {
        const seq = sSeq[i]!;
        if (seq >= fromSeq && seq < toSeq) emit(this.statsObservation(st, i), seq);
        i++;
      } else {
        const seq = oSeq[j]!;
        if (seq >= fromSeq && seq < toSeq) emit(segment.other.get(j), seq);
        j++;
      }
    }
    return out;
  }

  private statsObservation(st: StatsColumns, i: number): Observation {
    const s = this.streamTable[st.stream[i]!]!;
    const o: Record<StatsKey, unknown> = {
      kind: 'rtsp.session.stats',
      atMs: st.atMs[i],
      camera: s.camera,
      session: s.session,
      profile: s.profile,
      framesSent: st.framesSent[i],
      bytesSent: st.bytesSent[i],
      framesDropped: st.framesDropped[i],
    } as Record<StatsKey, unknown>;
    for (const c of optionalCounters) if (!Number.isNaN(st[c][i]!)) o[c] = st[c][i];
    return o as unknown as Observation;
  }

  /** Removes the segments' folder. Idempotent. */
  async close(): Promise<void> {
    this.segments.length = 0;
    if (this.made) await rm(this.dir, { recursive: true, force: true });
    this.made = false;
  }
}
