import type { z } from 'zod';
import type { HeadroomReading } from '../../../simulators/api/process-headroom.ts';
import type { CameraUser } from '../../../simulators/camera/camera.ts';
import type { FaultRequest } from '../../../simulators/faults/fault-request.ts';
import type { Inventory } from '../../../simulators/fleet/inventory.ts';
import type { Observation } from '../../../simulators/observations/observation.ts';
import { ServerSentEventsReader } from './server-sent-events.ts';
import {
  apiErrorSchema,
  faultAppliedSchema,
  shardHeadroomSchema,
  shardInventorySchema,
  shardObservationSchema,
} from './shard-api-schemas.ts';

/** The shard did not answer at all: refused, reset, unresolvable or past the deadline. */
export class ShardUnreachableError extends Error {
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(`shard ${url} is unreachable: ${detail}`);
    this.name = 'ShardUnreachableError';
  }
}

/** The shard answered with an error status (its API's `{ error, issues }` in the message). */
export class ShardRequestError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(`shard ${url} answered ${status}: ${detail}`);
    this.name = 'ShardRequestError';
  }
}

/** The shard answered something that is not what its control API serves (another version, another program). */
export class ShardProtocolError extends Error {
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(`shard ${url} sent something camlab does not understand: ${detail}`);
    this.name = 'ShardProtocolError';
  }
}

/** A live observation stream; `ended` resolves with why it stopped (undefined after close()). */
export interface ShardStream {
  close(): void;
  ended: Promise<Error | undefined>;
  /** Where a new stream resumes so that nothing is lost or repeated: the shard's log and the last event's id (once one came). */
  resumeFrom(): StreamResume | undefined;
}

/** The shard's log (its `camlab-log-id`) and the sequence number of the last observation read from it. */
export interface StreamResume {
  logId: string;
  lastEventId: string;
}

function causeOf(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'no answer before the deadline';
  return e.cause?.message ?? e.cause?.code ?? e.message ?? String(err);
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * One shard's control API (simulators/api/control-api.ts) as `camlab run --shards` and `camlab
 * load --shards` use it: its inventory, users, faults, observation stream and headroom, with the bearer token, a deadline on every
 * request, and every answer checked with zod before it is believed.
 */
export class ShardClient {
  constructor(
    readonly url: string,
    private readonly token: string | undefined,
    private readonly requestTimeoutMs = 10_000,
  ) {}

  private headers(json: boolean): Record<string, string> {
    return {
      ...(this.token !== undefined ? { authorization: `Bearer ${this.token}` } : {}),
      ...(json ? { 'content-type': 'application/json' } : {}),
    };
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers: this.headers(body !== undefined),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
    } catch (err) {
      throw new ShardUnreachableError(this.url, `${method} ${path}: ${causeOf(err)}`);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let detail = text.slice(0, 300) || res.statusText;
      try {
        const parsed = apiErrorSchema.safeParse(JSON.parse(text));
        if (parsed.success)
          detail = [parsed.data.error, ...(parsed.data.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join('; ');
      } catch {
        // Not JSON: the text itself says what answered.
      }
      throw new ShardRequestError(this.url, res.status, `${method} ${path}: ${detail}`);
    }
    return res;
  }

  private async json<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    let value: unknown;
    try {
      value = await res.json();
    } catch (err) {
      throw new ShardProtocolError(this.url, `${method} ${path}: not JSON (${(err as Error).message})`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new ShardProtocolError(this.url, `${method} ${path}: ${describeIssues(parsed.error.issues)}`);
    return parsed.data;
  }

  /** GET /api/inventory, with the local times the request left and the answer came (to bound the shard's clock offset). */
  async inventory(now: () => number): Promise<{ inventory: Inventory; sentMs: number; receivedMs: number }> {
    const sentMs = now();
    const inventory = (await this.json('GET', '/api/inventory', shardInventorySchema)) as Inventory;
    return { inventory, sentMs, receivedMs: now() };
  }

  async addUsers(users: readonly CameraUser[]): Promise<void> {
    await this.request('POST', '/api/users', { users });
  }

  /** DELETE /api/users/:username: takes back a user addUsers added; one the shard no longer has is gone. */
  async removeUser(username: string): Promise<void> {
    try {
      await this.request('DELETE', `/api/users/${encodeURIComponent(username)}`);
    } catch (err) {
      if (err instanceof ShardRequestError && err.status === 404) return;
      throw err;
    }
  }

  /** GET /api/headroom: the shard process's cumulative counters, for a load stage's delta. */
  async headroom(): Promise<HeadroomReading> {
    return (await this.json('GET', '/api/headroom', shardHeadroomSchema)) as HeadroomReading;
  }

  /** POST /api/faults; the shard's own id of the fault. */
  async applyFault(request: FaultRequest): Promise<string> {
    return (await this.json('POST', '/api/faults', faultAppliedSchema, request)).id;
  }

  /** DELETE /api/faults/:id; a fault the shard no longer has (it cleared itself) is cleared. */
  async clearFault(id: string): Promise<void> {
    try {
      await this.request('DELETE', `/api/faults/${encodeURIComponent(id)}`);
    } catch (err) {
      if (err instanceof ShardRequestError && err.status === 404) return;
      throw err;
    }
  }

  /**
   * GET /api/observations/stream?since=: every observation from `sinceMs` on, in the shard's own
   * order. Resolves once the shard has answered (so nothing recorded after that is missed). The
   * stream ends with an error when the shard goes away, sends what its API never sends, skips
   * observations because this reader fell behind (evidence lost), or says nothing for `idleMs`
   * (its keep-alive comes every 15 s). With `resume`, the stream goes on after the last event read
   * (Last-Event-ID) from the same log, or is refused as a ShardProtocolError when the shard's log is
   * another (it restarted).
   */
  async stream(
    sinceMs: number,
    onObservation: (o: Observation) => void,
    idleMs = 45_000,
    resume?: StreamResume,
  ): Promise<ShardStream> {
    const abort = new AbortController();
    // The deadline covers the answer's headers only: the body is the stream, read for the whole run.
    const answerDeadline = setTimeout(
      () => abort.abort(new Error('no answer before the deadline')),
      this.requestTimeoutMs,
    );
    let res: Response;
    try {
      // A resumed stream replays by sequence number alone: a time filter would drop an observation
      // the live stream sent although its time was earlier (recorded late).
      const query = resume !== undefined ? '' : `?since=${Math.max(0, Math.floor(sinceMs))}`;
      res = await fetch(`${this.url}/api/observations/stream${query}`, {
        headers: {
          ...this.headers(false),
          ...(resume !== undefined ? { 'last-event-id': resume.lastEventId } : {}),
        },
        signal: abort.signal,
      });
    } catch (err) {
      const reason: unknown = abort.signal.reason;
      throw new ShardUnreachableError(
        this.url,
        `observation stream: ${reason instanceof Error ? reason.message : causeOf(err)}`,
      );
    } finally {
      clearTimeout(answerDeadline);
    }
    if (!res.ok || res.body === null) {
      await res.body?.cancel();
      throw new ShardRequestError(this.url, res.status, 'observation stream refused');
    }
    const logId = res.headers.get('camlab-log-id') ?? undefined;
    if (resume !== undefined && logId !== resume.logId) {
      await res.body.cancel();
      throw new ShardProtocolError(
        this.url,
        `its observation log is not the one this run read (${resume.logId}, now ${logId ?? 'none'}): it restarted, and what it recorded before is gone`,
      );
    }
    const body = res.body;
    let closed = false;
    let lastEventId = resume?.lastEventId;
    const ended = (async (): Promise<Error | undefined> => {
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      const sse = new ServerSentEventsReader();
      let idle: NodeJS.Timeout | undefined;
      const armIdle = (): void => {
        clearTimeout(idle);
        idle = setTimeout(() => abort.abort(new Error(`no data for ${idleMs / 1000} s`)), idleMs);
      };
      try {
        for (;;) {
          armIdle();
          const { done, value } = await reader.read();
          if (done) return closed ? undefined : new ShardUnreachableError(this.url, 'its observation stream ended');
          for (const event of sse.push(value)) {
            if (event.event === 'skipped')
              return new ShardProtocolError(
                this.url,
                `it skipped ${event.data} observation(s) because this runner read its stream too slowly: evidence lost`,
              );
            if (event.event !== 'message') continue;
            let json: unknown;
            try {
              json = JSON.parse(event.data);
            } catch {
              return new ShardProtocolError(this.url, `an observation that is not JSON: ${event.data.slice(0, 120)}`);
            }
            const parsed = shardObservationSchema.safeParse(json);
            if (!parsed.success)
              return new ShardProtocolError(
                this.url,
                `observation ${event.data.slice(0, 120)}: ${describeIssues(parsed.error.issues)}`,
              );
            onObservation(parsed.data);
            if (event.id !== undefined) lastEventId = event.id;
          }
        }
      } catch (err) {
        if (closed) return undefined;
        const reason: unknown = abort.signal.reason;
        return new ShardUnreachableError(
          this.url,
          `its observation stream broke: ${reason instanceof Error ? reason.message : causeOf(err)}`,
        );
      } finally {
        clearTimeout(idle);
        abort.abort();
      }
    })();
    return {
      close: () => {
        if (closed) return;
        closed = true;
        abort.abort();
      },
      ended,
      resumeFrom: () => (logId !== undefined && lastEventId !== undefined ? { logId, lastEventId } : undefined),
    };
  }
}
