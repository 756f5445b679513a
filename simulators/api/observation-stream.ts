import type { Request, Response } from 'express';
import type { ObservationLog } from '../observations/observation-log.ts';
import type { Observation } from '../observations/observation.ts';
import type { ObservationQueryParams } from './observation-query.ts';

/** Past this many unsent bytes a slow SSE reader misses observations (counted) instead of growing memory. */
const maxBufferedBytes = 1 << 20;
const heartbeatMs = 15_000;

function matches(o: Observation, q: ObservationQueryParams): boolean {
  return (
    (q.kind === undefined || q.kind.includes(o.kind)) &&
    (q.camera === undefined || ('camera' in o && o.camera === q.camera))
  );
}

/**
 * GET /api/observations/stream: Server-Sent Events, one `data:` line of JSON per observation
 * from now on (after replaying those since `since`, when given).
 */
export function streamObservations(log: ObservationLog, q: ObservationQueryParams, req: Request, res: Response): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(': camlab observations\n\n');
  let skipped = 0;
  const send = (o: Observation): void => {
    if (!matches(o, q)) return;
    if (res.writableLength > maxBufferedBytes) {
      skipped++;
      return;
    }
    if (skipped > 0) {
      res.write(`event: skipped\ndata: ${skipped}\n\n`);
      skipped = 0;
    }
    res.write(`data: ${JSON.stringify(o)}\n\n`);
  };
  if (q.since !== undefined) for (const o of log.query({ camera: q.camera, kinds: q.kind, sinceMs: q.since })) send(o);
  const unsubscribe = log.subscribe(send);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
