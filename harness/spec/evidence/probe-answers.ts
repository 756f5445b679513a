import { memoByObservations } from './memo.ts';

/** The multicast Probes the fleet heard, and when each camera answered one. */
export interface ProbeAnswers {
  probes: number;
  /** Per camera, the times it answered a multicast Probe, in order. */
  answers: ReadonlyMap<string, readonly number[]>;
}

/**
 * What hubs located: multicast Probes only (a directed Probe, `address` set, goes to an address
 * the hub already had). `answeredBy` lists the fleet's cameras that answered; logs before 2026.12
 * name one answering `camera` instead.
 */
export const multicastProbeAnswers = memoByObservations((observations): ProbeAnswers => {
  let probes = 0;
  const answers = new Map<string, number[]>();
  for (const o of observations) {
    if (o.kind !== 'discovery.probe' || o.address !== undefined) continue;
    probes++;
    for (const camera of o.answeredBy ?? (o.camera === undefined ? [] : [o.camera])) {
      const list = answers.get(camera);
      if (list === undefined) answers.set(camera, [o.atMs]);
      else list.push(o.atMs);
    }
  }
  return { probes, answers };
});
