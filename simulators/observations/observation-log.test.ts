import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Observation } from './observation.ts';
import { ObservationLog } from './observation-log.ts';
import { estimateObservationBytes } from './observation-size.ts';

const obs = (atMs: number, camera = 'cam-1'): Observation => ({
  kind: 'connection',
  atMs,
  camera,
  client: '127.0.0.1:1',
  service: 'onvif',
});

describe('ObservationLog', () => {
  it.each([
    { name: 'below the bound', max: 10, recorded: 7 },
    { name: 'one past the bound', max: 10, recorded: 11 },
    { name: 'many batches past the bound', max: 10, recorded: 5000 },
    { name: 'a bound larger than the batch', max: 3000, recorded: 9001 },
  ])('keeps exactly the newest maxEntries, $name', ({ max, recorded }) => {
    const log = new ObservationLog(max);
    const seen: number[] = [];
    log.subscribe((o) => seen.push(o.atMs));
    for (let t = 0; t < recorded; t++) log.record(obs(t, t % 2 === 0 ? 'even' : 'odd'));
    const kept = Math.min(max, recorded);
    const first = recorded - kept;
    expect(log.size).toBe(kept);
    expect(log.droppedTotal).toBe(first);
    expect(log.all().map((o) => o.atMs)).toEqual(Array.from({ length: kept }, (_, k) => first + k));
    expect(log.query({ camera: 'even' }).every((o) => o.atMs >= first && o.atMs % 2 === 0)).toBe(true);
    expect(log.ofKind('connection')).toHaveLength(kept);
    expect(seen).toHaveLength(recorded);
  });

  it('keeps the bound while records and reads interleave', () => {
    const log = new ObservationLog(5);
    for (let t = 0; t < 2000; t++) {
      log.record(obs(t));
      if (t % 7 === 0) expect(log.all()[0]!.atMs).toBe(Math.max(0, t - 4));
      expect(log.size).toBe(Math.min(5, t + 1));
    }
  });
});

const stats = (atMs: number, camera = 'cam-1'): Observation => ({
  kind: 'rtsp.session.stats',
  atMs,
  camera,
  session: 's1',
  profile: 'main',
  framesSent: atMs * 25,
  bytesSent: atMs * 500_000,
  framesDropped: 0,
  framesDroppedQueueFull: 0,
  framesSkipped: 0,
});

describe('ObservationLog bounded by bytes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camlab-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without a spill, drops the oldest past the budget and counts them', () => {
    const log = new ObservationLog({ memoryBudgetBytes: 10 * estimateObservationBytes(stats(0)) });
    for (let t = 0; t < 100; t++) log.record(stats(t));
    expect(log.memorySize).toBe(10);
    expect(log.droppedTotal).toBe(90);
    expect(log.size).toBe(10);
    expect(log.memoryBytes).toBeLessThanOrEqual(log.memoryBudgetBytes);
    expect(log.all().map((o) => o.atMs)).toEqual(Array.from({ length: 10 }, (_, k) => 90 + k));
  });

  it('with a spill, keeps everything: the tail in memory within the budget, the rest on disk, in record order', async () => {
    const budget = 50 * estimateObservationBytes(stats(0));
    const log = new ObservationLog({ memoryBudgetBytes: budget, spillDir: dir, spillSegmentRows: 64 });
    const seen: number[] = [];
    log.subscribe((o) => seen.push(o.atMs));
    for (let t = 0; t < 1000; t++) log.record(t % 10 === 0 ? obs(t) : stats(t));
    expect(log.memoryBytes).toBeLessThanOrEqual(budget);
    // The newest that fit (connections are smaller than stats, so a few more than 50).
    const inMemory = log.memorySize;
    expect(inMemory).toBeGreaterThanOrEqual(50);
    expect(inMemory).toBeLessThan(60);
    expect(log.spilledTotal).toBe(1000 - inMemory);
    expect(log.size).toBe(1000);
    expect(log.droppedTotal).toBe(0);
    // Live readers see every observation; all() and query() the tail in memory.
    expect(seen).toHaveLength(1000);
    expect(log.all()[0]!.atMs).toBe(1000 - inMemory);
    expect(log.query({ kinds: ['connection'] }).map((o) => o.atMs)).toEqual(
      [950, 960, 970, 980, 990].filter((t) => t >= 1000 - inMemory),
    );
    const back: number[] = [];
    for await (const batch of log.scan()) for (const o of batch) back.push(o.atMs);
    expect(back).toEqual(Array.from({ length: 1000 }, (_, t) => t));
    expect(log.bytesOnDisk).toBeGreaterThan(0);
    const folder = log.spillDir!;
    expect((await readdir(dir)).map((f) => join(dir, f))).toEqual([folder]);
    await log.close();
    await log.close();
    // The log removes its own folder, never the one it was given.
    expect(await readdir(dir)).toEqual([]);
  });

  it('stores session stats as columns: far fewer bytes on disk than in memory', async () => {
    const log = new ObservationLog({ memoryBudgetBytes: 1, spillDir: dir });
    for (let t = 0; t < 10_000; t++) log.record(stats(t, `cam-${t % 100}`));
    log.flush();
    expect(log.bytesOnDisk / log.spilledTotal).toBeLessThan(estimateObservationBytes(stats(0)) / 4);
    await log.close();
  });
});
