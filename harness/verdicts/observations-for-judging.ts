import type { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { Observation } from '../../simulators/observations/observation.ts';
import { SessionSpanBuilder, withSessionSpans } from '../spec/evidence/session-spans.ts';

/**
 * Everything a run's log kept, as evaluate() and the load metrics read it. A log that never
 * spilled gives its array as it is. One that spilled is streamed from disk once, in record order:
 * rtsp.session.stats (one per session per second: 57.6 million in 8 hours at 2,000 cameras) go
 * straight into the sessions' compact counter columns and are not kept as objects; every other
 * kind is. The array returned carries those sessions (withSessionSpans), so every view over
 * session counters (session-spans.ts and what reads it) sees all of them, and verdicts are the
 * ones the whole log in memory would give. The log's `droppedTotal` is final (writes and reads
 * that failed counted) once this resolves.
 */
export async function observationsForJudging(log: ObservationLog): Promise<readonly Observation[]> {
  log.flush();
  if (log.spilledTotal === 0) return log.all();
  const sessions = new SessionSpanBuilder();
  const kept: Observation[] = [];
  for await (const batch of log.scan()) {
    for (const o of batch) {
      sessions.observe(o);
      if (o.kind !== 'rtsp.session.stats') kept.push(o);
    }
  }
  return withSessionSpans(kept, sessions.finish());
}
