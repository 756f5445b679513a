import { memoByObservations } from './memo.ts';

/** The multicast Probes the fleet heard, and when each camera first answered one. */
export interface ProbeAnswers {
  probes: number;
  firstAnswer: ReadonlyMap<string, number>;
}

/**
 * What the hub located: multicast Probes only (a directed Probe, `address` set, goes to an address
 * the hub already had). `answeredBy` lists the fleet's cameras that answered; logs before 2026.12
 * name one answering `camera` instead.
 */
export const multicastProbeAnswers = memoByObservations((observations): ProbeAnswers => {
  let probes = 0;
  const firstAnswer = new Map<string, number>();
  for (const o of observations) {
    if (o.kind !== 'discovery.probe' || o.address !== undefined) continue;
    probes++;
    for (const camera of o.answeredBy ?? (o.camera === undefined ? [] : [o.camera]))
      if (!firstAnswer.has(camera)) firstAnswer.set(camera, o.atMs);
  }
  return { probes, firstAnswer };
});
