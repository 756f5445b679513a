import { describe, expect, it } from 'vitest';
import { acquireShared } from './shared-zoneminder.ts';

function fakeServices() {
  const log: string[] = [];
  let starts = 0;
  const start = () => {
    const n = ++starts;
    log.push(`start ${n}`);
    return Promise.resolve({ n, stop: () => Promise.resolve(void log.push(`stop ${n}`)) });
  };
  return { log, start };
}

describe('one ZoneMinder shared by the hub instances of a run', () => {
  it('starts once for every instance and stops when the last one releases it', async () => {
    const { log, start } = fakeServices();
    const police = await acquireShared(40001, 'police', start);
    const council = await acquireShared(40001, 'council', start);
    expect(council.services).toBe(police.services);
    expect([police.owner, council.owner]).toEqual(['police', 'police']);
    await police.release();
    await police.release();
    expect(log).toEqual(['start 1']);
    await council.release();
    expect(log).toEqual(['start 1', 'stop 1']);
    // Stopped: the next run starts its own.
    const next = await acquireShared(40001, 'hub', start);
    expect(next.owner).toBe('hub');
    await next.release();
    expect(log).toEqual(['start 1', 'stop 1', 'start 2', 'stop 2']);
  });

  it('does not share a start that failed: the next instance starts again', async () => {
    const failing = () => Promise.reject(new Error('MariaDB did not answer'));
    await expect(acquireShared(40002, 'police', failing)).rejects.toThrow('MariaDB did not answer');
    const { log, start } = fakeServices();
    const council = await acquireShared(40002, 'council', start);
    expect(council.owner).toBe('council');
    await council.release();
    expect(log).toEqual(['start 1', 'stop 1']);
  });

  it('keeps services on different ports apart', async () => {
    const { log, start } = fakeServices();
    const a = await acquireShared(40003, 'a', start);
    const b = await acquireShared(40004, 'b', start);
    expect(a.services).not.toBe(b.services);
    await a.release();
    await b.release();
    expect(log).toEqual(['start 1', 'start 2', 'stop 1', 'stop 2']);
  });
});
