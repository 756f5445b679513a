import type { ObservationLog, SequencedObservation } from '../observations/observation-log.ts';
import { maxObservationsPerAnswer, type ObservationQueryParams } from './observation-query.ts';

/** One answer of GET /api/observations. */
export interface ObservationPage {
  observations: SequencedObservation[];
  /** More observations matched than the answer holds (older ones without `from`, newer ones with it). */
  truncated: boolean;
}

/**
 * What GET /api/observations answers, from the whole run, whether the log keeps it in memory or
 * spilled it to disk: without `from`, the newest `limit` matches (the log reads its memory, then
 * its segments newest first, only until it has them); with `from`, the first `limit` matches at or
 * after that sequence number, a page of a walk over the whole run. `limit` defaults to its
 * maximum, so no answer holds more than maxObservationsPerAnswer, whatever the run's length.
 */
export async function observationPage(log: ObservationLog, q: ObservationQueryParams): Promise<ObservationPage> {
  const limit = q.limit ?? maxObservationsPerAnswer;
  const select = {
    ...(q.camera !== undefined ? { camera: q.camera } : {}),
    ...(q.kind !== undefined ? { kinds: q.kind } : {}),
    ...(q.since !== undefined ? { sinceMs: q.since } : {}),
    ...(q.until !== undefined ? { untilMs: q.until } : {}),
    ...(q.from !== undefined ? { fromSeq: q.from } : {}),
  };
  if (q.from === undefined) {
    const found = await log.newest(select, limit + 1);
    return { observations: found.slice(-limit), truncated: found.length > limit };
  }
  const observations: SequencedObservation[] = [];
  for await (const batch of log.select(select)) {
    for (const o of batch) {
      if (observations.length === limit) return { observations, truncated: true };
      observations.push(o);
    }
  }
  return { observations, truncated: false };
}
