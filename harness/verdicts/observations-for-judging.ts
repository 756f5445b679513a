import type { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { Observation } from '../../simulators/observations/observation.ts';
import { SessionSpanBuilder, withSessionSpans } from '../spec/evidence/session-spans.ts';

/**
 * Everything a run's log kept, as evaluate() and the load metrics read it. A log that never
 * spilled gives its array as it is. One that spilled is streamed from disk once, in record order:
 * rtsp.session.stats (one per session per second: 57.6 million in 8 hours at 2,000 cameras) go
 * from the segments' columns straight into the sessions' counter columns, each allocated once at
 * the size the spill's row counts give, and no object is made for them; every other kind is kept.
 * The array returned carries those sessions (withSessionSpans), so every view over session
 * counters (session-spans.ts and what reads it) sees all of them, and verdicts are the ones the
 * whole log in memory would give. The log's `droppedTotal` is final (writes and reads that failed
 * counted) once this resolves.
 */
export async function observationsForJudging(log: ObservationLog): Promise<readonly Observation[]> {
  log.flush();
  if (log.spilledTotal === 0) return log.all();
  const sessions = new SessionSpanBuilder();
  const streams = log.spilledStreams();
  for (const s of streams) sessions.expect(s.camera, s.session, s.rows);
  for (const o of log.all()) if (o.kind === 'rtsp.session.stats') sessions.expect(o.camera, o.session, 1);
  const kept: Observation[] = [];
  const keep = (o: Observation): void => {
    sessions.observe(o);
    if (o.kind !== 'rtsp.session.stats') kept.push(o);
  };
  for await (const batch of log.scanColumns()) {
    if ('observations' in batch) {
      for (const o of batch.observations) keep(o);
      continue;
    }
    // The segment's two files merged by sequence number: stats rows as columns, the rest parsed.
    const { stats, other } = batch.segment;
    let i = 0;
    let j = 0;
    while (i < stats.rows || j < other.rows) {
      if (j >= other.rows || (i < stats.rows && stats.seq[i]! < other.seq[j]!))
        sessions.observeStatsRow(stats, i++, streams);
      else keep(other.get(j++));
    }
  }
  return withSessionSpans(kept, sessions.finish());
}
