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
  files: string[];
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
  private readonly streams: { camera: string; session: string; profile: 'main' | 'sub' }[] = [];
  private readonly stats: ReturnType<ObservationSpill['emptyStats']>;
  private statsRows = 0;
  private otherSeq: number[] = [];
  private otherJson: string[] = [];
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
    this.spilledTotal++;
    if (columnar(o)) {
      const key = `${o.camera}\0${o.session}\0${o.profile}`;
      let stream = this.streamIndex.get(key);
      if (stream === undefined) {
        stream = this.streams.push({ camera: o.camera, session: o.session, profile: o.profile }) - 1;
        this.streamIndex.set(key, stream);
      }
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
    const segment: Segment = { index: this.nextSegment++, rows, files: [] };
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

  /**
   * Every segment written, in record order, one array of observations per segment. Call after
   * flush(), once recording has stopped. A segment that cannot be read back counts as lost.
   */
  async *read(): AsyncGenerator<Observation[]> {
    for (const segment of [...this.segments]) {
      let out: Observation[];
      try {
        out = await this.readSegment(segment);
      } catch (err) {
        this.lose(segment.rows, `segment ${segment.index} unreadable: ${(err as Error).message}`);
        continue;
      }
      yield out;
    }
  }

  private async readSegment(segment: Segment): Promise<Observation[]> {
    const statsFile = segment.files.find((f) => f.endsWith('.stats.arrow'));
    const otherFile = segment.files.find((f) => f.endsWith('.other.arrow'));
    const stats = statsFile !== undefined ? tableFromIPC(await readFile(statsFile)) : undefined;
    const other = otherFile !== undefined ? tableFromIPC(await readFile(otherFile)) : undefined;
    const rows = (stats?.numRows ?? 0) + (other?.numRows ?? 0);
    if (rows !== segment.rows) throw new Error(`${rows} rows where ${segment.rows} were written`);
    const col = (t: Table | undefined, name: string): ArrayLike<number> =>
      (t?.getChild(name)?.toArray() as ArrayLike<number> | undefined) ?? [];
    const sSeq = col(stats, 'seq');
    const atMs = col(stats, 'atMs');
    const stream = col(stats, 'stream');
    const values = Object.fromEntries(counters.map((c) => [c, col(stats, c)])) as Record<Counter, ArrayLike<number>>;
    const oSeq = col(other, 'seq');
    const json = other?.getChild('json');
    const out: Observation[] = [];
    let i = 0;
    let j = 0;
    while (i < sSeq.length || j < oSeq.length) {
      if (j >= oSeq.length || (i < sSeq.length && sSeq[i]! < oSeq[j]!)) {
        const s = this.streams[stream[i]!]!;
        const o: Record<StatsKey, unknown> = {
          kind: 'rtsp.session.stats',
          atMs: atMs[i],
          camera: s.camera,
          session: s.session,
          profile: s.profile,
          framesSent: values.framesSent[i],
          bytesSent: values.bytesSent[i],
          framesDropped: values.framesDropped[i],
        } as Record<StatsKey, unknown>;
        for (const c of optionalCounters) if (!Number.isNaN(values[c][i]!)) o[c] = values[c][i];
        out.push(o as unknown as Observation);
        i++;
      } else {
        out.push(JSON.parse(json!.get(j) as string) as Observation);
        j++;
      }
    }
    return out;
  }

  /** Removes the segments' folder. Idempotent. */
  async close(): Promise<void> {
    this.segments.length = 0;
    if (this.made) await rm(this.dir, { recursive: true, force: true });
    this.made = false;
  }
}
