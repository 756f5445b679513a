import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from './observation.ts';
import { ObservationLog, type ObservationSelect, type SequencedObservation } from './observation-log.ts';

/**
 * A run's mix: per-second stats of three cameras' sessions (two profiles), ONVIF requests, power
 * changes and connections, times mostly rising with a few recorded late (as a shard's stream
 * merged into the runner's log is), so the spill's per-segment time bounds are exercised.
 */
function runObservations(seconds: number): Observation[] {
  const out: Observation[] = [];
  const base = 1_790_000_000_000;
  for (let s = 0; s < seconds; s++) {
    const atMs = base + s * 1000;
    for (const [i, camera] of ['cam-1', 'cam-2', 'cam-3'].entries()) {
      out.push({
        kind: 'rtsp.session.stats',
        atMs: atMs + i,
        camera,
        session: `s-${camera}`,
        profile: i === 2 ? 'sub' : 'main',
        framesSent: s * 25,
        bytesSent: s * 400_000,
        framesDropped: s % 7 === 0 ? 1 : 0,
        ...(i === 1 ? {} : { framesDroppedQueueFull: 0, framesSkipped: s % 5 }),
      });
    }
    if (s % 3 === 0)
      out.push({
        kind: 'onvif.request',
        atMs: atMs + 500,
        camera: `cam-${(s % 3) + 1}`,
        client: '127.0.0.1:40000',
        service: 'device',
        operation: 'GetSystemDateAndTime',
        auth: 'none',
        httpStatus: 200,
      });
    if (s % 17 === 0)
      out.push({ kind: 'camera.state', atMs: atMs + 700, camera: 'cam-2', state: s % 34 === 0 ? 'down' : 'up' });
    // Now and then an observation recorded late: its time is 40 s back.
    if (s % 29 === 28)
      out.push({ kind: 'connection', atMs: atMs - 40_000, camera: 'cam-3', client: '127.0.0.1:1', service: 'rtsp' });
  }
  return out;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-log-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const observations = runObservations(400);
const t = (s: number): number => 1_790_000_000_000 + s * 1000;

/** The same observations in a log that keeps everything in memory and in one that keeps ~30 and spills the rest. */
function logs(): { memory: ObservationLog; spilled: ObservationLog } {
  const memory = new ObservationLog();
  const spilled = new ObservationLog({ memoryBudgetBytes: 6_000, spillDir: dir, spillSegmentRows: 53 });
  for (const o of observations) {
    memory.record(o);
    spilled.record(o);
  }
  return { memory, spilled };
}

async function selected(log: ObservationLog, q: ObservationSelect): Promise<SequencedObservation[]> {
  const out: SequencedObservation[] = [];
  for await (const batch of log.select(q)) out.push(...batch);
  return out;
}

const queries: { name: string; q: ObservationSelect }[] = [
  { name: 'everything', q: {} },
  { name: 'one kind', q: { kinds: ['onvif.request'] } },
  { name: 'stats only', q: { kinds: ['rtsp.session.stats'] } },
  { name: 'one camera, two kinds', q: { camera: 'cam-2', kinds: ['camera.state', 'rtsp.session.stats'] } },
  { name: 'a time range in the spilled part', q: { sinceMs: t(50), untilMs: t(120) } },
  { name: 'since a time, late records included', q: { sinceMs: t(300) } },
  { name: 'from a sequence number', q: { fromSeq: 777 } },
  { name: 'a sequence range with a kind', q: { fromSeq: 100, beforeSeq: 900, kinds: ['connection', 'onvif.request'] } },
  { name: 'nothing matches', q: { camera: 'cam-9' } },
];

describe('reading a log that spilled, as one that did not', () => {
  // Read, never written to, by the select() and newest() cases.
  let shared: ReturnType<typeof logs>;
  beforeAll(() => {
    shared = logs();
  });
  afterAll(async () => {
    await shared.spilled.close();
    // Every log closed removed its spill's folder.
    expect(await readdir(dir)).toEqual([]);
  });

  it('spilled nearly everything, so the reads below come from disk', async () => {
    const { memory, spilled } = logs();
    expect(memory.spilledTotal).toBe(0);
    expect(spilled.memorySize).toBeLessThan(60);
    expect(spilled.spilledTotal).toBe(observations.length - spilled.memorySize);
    expect(spilled.recordedTotal).toBe(observations.length);
    await spilled.close();
  });

  it.each(queries)('select() gives the same observations and sequence numbers: $name', async ({ q }) => {
    const { memory, spilled } = shared;
    const expected = await selected(memory, q);
    expect(await selected(spilled, q)).toEqual(expected);
    // And what a filter over the recorded array gives.
    const from = q.fromSeq ?? 0;
    const before = q.beforeSeq ?? observations.length;
    expect(expected.map((o) => o.seq)).toEqual(
      observations
        .map((o, seq) => ({ o, seq }))
        .filter(
          ({ o, seq }) =>
            seq >= from &&
            seq < before &&
            (q.kinds === undefined || q.kinds.includes(o.kind)) &&
            (q.camera === undefined || ('camera' in o && o.camera === q.camera)) &&
            (q.sinceMs === undefined || o.atMs >= q.sinceMs) &&
            (q.untilMs === undefined || o.atMs <= q.untilMs),
        )
        .map(({ seq }) => seq),
    );
  });

  it.each(queries.flatMap(({ name, q }) => [1, 40, 10_000].map((limit) => ({ name, q, limit }))))(
    'newest() gives the same newest $limit: $name',
    async ({ q, limit }) => {
      const { memory, spilled } = shared;
      const expected = (await selected(memory, q)).slice(-limit);
      expect(await memory.newest(q, limit)).toEqual(expected);
      expect(await spilled.newest(q, limit)).toEqual(expected);
    },
  );

  it('a read while recording goes on gives what was recorded when it began, however much spills meanwhile', async () => {
    const { memory, spilled } = logs();
    const expected = await selected(memory, { kinds: ['rtsp.session.stats', 'camera.state'] });
    const got: SequencedObservation[] = [];
    let more = 0;
    for await (const batch of spilled.select({ kinds: ['rtsp.session.stats', 'camera.state'] })) {
      got.push(...batch);
      // Between batches the producer records on: what was in memory goes to the buffer, then to disk.
      for (const o of runObservations(3)) spilled.record({ ...o, atMs: o.atMs + 10_000_000 + more++ });
    }
    expect(got).toEqual(expected);
    expect(spilled.recordedTotal).toBeGreaterThan(observations.length);
    await spilled.close();
  });

  it('follow() hands every observation once, in record order: those recorded before it, then the new ones', async () => {
    const { spilled } = logs();
    const seen: number[] = [];
    const following = spilled.follow((_o, seq) => seen.push(seq));
    // Recorded while it reads the spill back: held, then handed on after.
    for (const o of runObservations(20)) spilled.record(o);
    await following.caughtUp;
    for (const o of runObservations(5)) spilled.record(o);
    following.stop();
    spilled.record(observations[0]!);
    expect(seen).toEqual(Array.from({ length: spilled.recordedTotal - 1 }, (_, seq) => seq));
    expect(following.missed()).toBe(0);
    await spilled.close();
  });
});
