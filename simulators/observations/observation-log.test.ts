import { describe, expect, it } from 'vitest';
import type { Observation } from './observation.ts';
import { ObservationLog } from './observation-log.ts';

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
