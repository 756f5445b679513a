import type { Observation } from '../../../simulators/observations/observation.ts';

/**
 * Derived views (session spans, fault windows...) are computed once per observation array and
 * shared by every check of one evaluation: a soak run holds millions of observations.
 */
export function memoByObservations<T>(
  derive: (observations: readonly Observation[]) => T,
): (observations: readonly Observation[]) => T {
  const cache = new WeakMap<readonly Observation[], T>();
  return (observations) => {
    let value = cache.get(observations);
    if (value === undefined) {
      value = derive(observations);
      cache.set(observations, value);
    }
    return value;
  };
}
