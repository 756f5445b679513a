import { once } from 'node:events';
import type { Request, Response } from 'express';
import type { ObservationLog, SequencedObservation } from '../observations/observation-log.ts';
import type { Observation } from '../observations/observation.ts';
import { HttpError } from './http-error.ts';
import type { ObservationQueryParams } from './observation-query.ts';

/** Past this many unsent bytes a slow SSE reader misses observations (counted) instead of growing memory. */
const maxBufferedBytes = 1 << 20;
/** Observations recorded while the replay is still being sent, held at most; past it they are skipped (counted). */
const maxHeldDuringReplay = 100_000;
const heartbeatMs = 15_000;

function matches(o: Observation, q: ObservationQueryParams): boolean {
  return (
    (q.kind === undefined || q.kind.includes(o.kind)) &&
    (q.camera === undefined || ('camera' in o && o.camera === q.camera))
  );
}

/** The sequence number a reconnecting EventSource resumes after (WHATWG HTML, "Last-Event-ID"), if it sent one. */
function lastEventId(req: Request): number | undefined {
  const raw = req.get('last-event-id');
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw))
    throw new HttpError(400, 'invalid Last-Event-ID', [
      { path: 'Last-Event-ID', message: `expected a sequence number, got '${raw}'` },
    ]);
  return Number(raw);
}

/**
 * GET /api/observations/stream: Server-Sent Events, one event per observation, its `id:` the
 * observation's sequence number and its `data:` the observation as JSON, from now on; first, a
 * replay from the whole run (read through the spill where the log has one, the same as from
 * memory) of those since `since` (epoch ms), and/or from the sequence number `from`, or after
 * the `Last-Event-ID` a reconnecting reader sends, so a reader that lost its connection resumes
 * without a gap. Observations recorded while the replay is sent are held (up to a bound) and sent
 * after it, in order.
 */
export function streamObservations(log: ObservationLog, q: ObservationQueryParams, req: Request, res: Response): void {
  const resumeAfter = lastEventId(req);
  const fromSeq = resumeAfter !== undefined ? Math.max(resumeAfter + 1, q.from ?? 0) : q.from;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    // Sequence numbers are this log's: a reader resuming after a restart must not use the old ones.
    'camlab-log-id': log.id,
  });
  res.write(': camlab observations\n\n');
  let skipped = 0;
  let closed = false;
  const write = (o: Observation, seq: number): void => {
    if (skipped > 0) {
      res.write(`event: skipped\ndata: ${skipped}\n\n`);
      skipped = 0;
    }
    res.write(`id: ${seq}\ndata: ${JSON.stringify(o)}\n\n`);
  };
  const send = (o: Observation, seq: number): void => {
    if (!matches(o, q)) return;
    if (res.writableLength > maxBufferedBytes) skipped++;
    else write(o, seq);
  };
  const replaying = q.since !== undefined || fromSeq !== undefined;
  let held: SequencedObservation[] | undefined = replaying ? [] : undefined;
  const replayBefore = log.recordedTotal;
  const unsubscribe = log.subscribe((observation, seq) => {
    if (held === undefined) send(observation, seq);
    else if (!matches(observation, q)) return;
    else if (held.length < maxHeldDuringReplay) held.push({ seq, observation });
    else skipped++;
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  const stop = (): void => {
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', stop);
  if (!replaying) return;
  void (async () => {
    try {
      const replay = log.select({
        ...(q.camera !== undefined ? { camera: q.camera } : {}),
        ...(q.kind !== undefined ? { kinds: q.kind } : {}),
        ...(q.since !== undefined ? { sinceMs: q.since } : {}),
        ...(fromSeq !== undefined ? { fromSeq } : {}),
        beforeSeq: replayBefore,
      });
      for await (const batch of replay) {
        for (const { seq, observation } of batch) {
          if (closed) return;
          write(observation, seq);
          // The replay waits for a slow reader rather than skipping: it is history, not live.
          if (res.writableLength > maxBufferedBytes) await Promise.race([once(res, 'drain'), once(req, 'close')]);
        }
      }
      if (closed) return;
      const live = held ?? [];
      held = undefined;
      for (const { seq, observation } of live) send(observation, seq);
    } catch (err) {
      // A segment that cannot be read back: the reader is told and the stream ends (it lost evidence).
      if (!closed) res.end(`event: error\ndata: ${JSON.stringify((err as Error).message)}\n\n`);
      stop();
    }
  })();
}
