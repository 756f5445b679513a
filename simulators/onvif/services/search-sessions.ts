import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../clock/clock.ts';
import { InvalidStateError } from '../../wire/invalid-state-error.ts';

/**
 * The search sessions of one device (Recording Search §5: FindRecordings, FindEvents,
 * FindPTZPosition start one; Get...SearchResults pages through it; EndSearch or KeepAliveTime
 * ends it). A search here is complete when it starts: its matches are taken from the catalog at
 * once (MaxMatches applied), so a page never waits and WaitTime never delays an answer. Each
 * session holds one timer on the run's clock, re-armed by every use; close() cancels them all.
 */
export type SearchKind = 'recordings' | 'events' | 'ptz';

/** Sessions one device keeps at once; a client leaking them meets the limit as on a real NVR. */
export const MAX_SEARCH_SESSIONS = 64;
/** Results in one page when the client sets no MaxResults (a page of 10,000 RecordingInformation is megabytes). */
export const DEFAULT_PAGE_RESULTS = 100;
/** Longest KeepAliveTime kept (a forgotten session is gone within this). */
export const MAX_KEEP_ALIVE_MS = 3_600_000;

export type SearchState = 'Searching' | 'Completed';

interface Session {
  readonly token: string;
  readonly kind: SearchKind;
  readonly results: readonly unknown[];
  next: number;
  readonly keepAliveMs: number;
  /** The point the search reached, answered by EndSearch. */
  readonly endpointMs: number;
  timer: TimerHandle;
}

export class SearchLimitError extends Error {
  constructor(readonly max: number) {
    super(`the device holds its maximum of ${max} search sessions`);
    this.name = 'SearchLimitError';
  }
}

/** Which token was not a live session of the asked kind (expired, ended, never issued, or another kind). */
export class UnknownSearchError extends Error {
  constructor(readonly token: string) {
    super(`no search session with token '${token}' (ended, expired or never started)`);
    this.name = 'UnknownSearchError';
  }
}

export class SearchSessions {
  private readonly sessions = new Map<string, Session>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly maxSessions = MAX_SEARCH_SESSIONS,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Starts a session over matches already found; returns its SearchToken. */
  start(kind: SearchKind, results: readonly unknown[], keepAliveMs: number, endpointMs: number): string {
    if (this.closed) throw new InvalidStateError('SearchSessions is closed');
    if (this.sessions.size >= this.maxSessions) throw new SearchLimitError(this.maxSessions);
    const token = `Search_${randomUUID()}`;
    const keep = Math.min(Math.max(keepAliveMs, 0), MAX_KEEP_ALIVE_MS);
    const session: Session = {
      token,
      kind,
      results,
      next: 0,
      keepAliveMs: keep,
      endpointMs,
      timer: this.expiry(token, keep),
    };
    this.sessions.set(token, session);
    return token;
  }

  private expiry(token: string, keepAliveMs: number): TimerHandle {
    return this.clock.setTimeout(() => this.sessions.delete(token), keepAliveMs);
  }

  private use(token: string, kind: SearchKind | undefined): Session {
    const s = this.sessions.get(token);
    if (s === undefined || (kind !== undefined && s.kind !== kind)) throw new UnknownSearchError(token);
    s.timer.cancel();
    s.timer = this.expiry(token, s.keepAliveMs);
    return s;
  }

  /**
   * The next page: up to maxResults (DEFAULT_PAGE_RESULTS when unset) of the matches not yet
   * handed out. minResults asks the device to wait for that many; every match is known already,
   * so it never needs to. Completed once nothing is left.
   */
  page<T>(token: string, kind: SearchKind, maxResults: number | undefined): { state: SearchState; results: T[] } {
    const s = this.use(token, kind);
    const n = Math.max(0, maxResults ?? DEFAULT_PAGE_RESULTS);
    const results = s.results.slice(s.next, s.next + n) as T[];
    s.next += results.length;
    return { state: s.next >= s.results.length ? 'Completed' : 'Searching', results };
  }

  state(token: string): SearchState {
    const s = this.use(token, undefined);
    return s.next >= s.results.length ? 'Completed' : 'Searching';
  }

  /** EndSearch: the session goes; returns the point the search had reached. */
  end(token: string): number {
    const s = this.use(token, undefined);
    s.timer.cancel();
    this.sessions.delete(token);
    return s.endpointMs;
  }

  /** Every session and its timer goes (the device went down); new ones may start. */
  clear(): void {
    for (const s of this.sessions.values()) s.timer.cancel();
    this.sessions.clear();
  }

  /** Idempotent: every session and its timer goes; later starts throw InvalidStateError. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clear();
  }
}
