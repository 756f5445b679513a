import type { ObservationLog } from '../../observations/observation-log.ts';
import type { Observation } from '../../observations/observation.ts';

/** Resolves with the first observation (already recorded after `sinceMs`, or arriving) that matches. */
export function waitForObservation(
  log: ObservationLog,
  match: (o: Observation) => boolean,
  timeoutMs: number,
  sinceMs = 0,
): Promise<Observation> {
  const found = log.all().find((o) => o.atMs >= sinceMs && match(o));
  if (found !== undefined) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching observation within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = log.subscribe((o) => {
      if (!match(o)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(o);
    });
  });
}
