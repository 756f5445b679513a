import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { InvalidStateError } from '../../wire/invalid-state-error.ts';
import {
  DEFAULT_PAGE_RESULTS,
  MAX_KEEP_ALIVE_MS,
  SearchLimitError,
  SearchSessions,
  UnknownSearchError,
} from './search-sessions.ts';

const results = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function unknown(fn: () => unknown): boolean {
  try {
    fn();
  } catch (err) {
    if (err instanceof UnknownSearchError) return true;
    throw err;
  }
  return false;
}

describe('SearchSessions', () => {
  it('pages through the matches: MaxResults per page, DEFAULT_PAGE_RESULTS without it, Completed once none are left', () => {
    const s = new SearchSessions(new VirtualClock(0));
    const token = s.start('recordings', results(250), 10_000, 0);
    expect(s.state(token)).toBe('Searching');
    const sizes: Array<[number, string]> = [];
    for (const max of [1, undefined, 500, 3]) {
      const p = s.page<number>(token, 'recordings', max);
      sizes.push([p.results.length, p.state]);
    }
    expect(sizes).toEqual([
      [1, 'Searching'],
      [DEFAULT_PAGE_RESULTS, 'Searching'],
      [149, 'Completed'],
      [0, 'Completed'],
    ]);
    expect(s.state(token)).toBe('Completed');
  });

  it('a session of one kind is unknown to the results call of another (GetEventSearchResults with a FindRecordings token)', () => {
    const s = new SearchSessions(new VirtualClock(0));
    const token = s.start('recordings', results(1), 10_000, 0);
    expect(unknown(() => s.page(token, 'events', 1))).toBe(true);
    expect(unknown(() => s.page(token, 'recordings', 1))).toBe(false);
  });

  it('ends a session when its KeepAliveTime passes unused on the run clock; every use starts it again', () => {
    const clock = new VirtualClock(0);
    const s = new SearchSessions(clock);
    const token = s.start('events', results(3), 10_000, 0);
    clock.advance(9_999);
    s.page(token, 'events', 1);
    clock.advance(9_999);
    expect(s.state(token)).toBe('Searching');
    clock.advance(10_000);
    expect(unknown(() => s.state(token))).toBe(true);
    expect(s.size).toBe(0);
    expect(clock.pendingCount()).toBe(0);
  });

  it('keeps at most MAX_KEEP_ALIVE_MS, whatever the client asks', () => {
    const clock = new VirtualClock(0);
    const s = new SearchSessions(clock);
    const token = s.start('ptz', results(1), 365 * 86_400_000, 0);
    clock.advance(MAX_KEEP_ALIVE_MS);
    expect(unknown(() => s.state(token))).toBe(true);
  });

  it('EndSearch answers the endpoint and frees the session and its timer', () => {
    const clock = new VirtualClock(0);
    const s = new SearchSessions(clock);
    const token = s.start('events', results(3), 10_000, 12_345);
    expect(s.end(token)).toBe(12_345);
    expect(unknown(() => s.end(token))).toBe(true);
    expect(clock.pendingCount()).toBe(0);
  });

  it('refuses a session beyond its maximum, and has room again once one ends', () => {
    const s = new SearchSessions(new VirtualClock(0), 2);
    const a = s.start('recordings', [], 10_000, 0);
    s.start('recordings', [], 10_000, 0);
    expect(() => s.start('recordings', [], 10_000, 0)).toThrow(SearchLimitError);
    s.end(a);
    expect(() => s.start('recordings', [], 10_000, 0)).not.toThrow();
  });

  it('close() cancels every timer, is idempotent, and a later start throws InvalidStateError', () => {
    const clock = new VirtualClock(0);
    const s = new SearchSessions(clock);
    for (let i = 0; i < 5; i++) s.start('recordings', results(2), 60_000, 0);
    expect(clock.pendingCount()).toBe(5);
    s.close();
    s.close();
    expect(clock.pendingCount()).toBe(0);
    expect(s.size).toBe(0);
    expect(() => s.start('recordings', [], 1_000, 0)).toThrow(InvalidStateError);
  });
});
