import type { CheckOutcome, Evidence, Measurement } from '../requirement.ts';

/**
 * Outcome builders every check uses, so a PASS always carries what was seen and a NOT
 * EXERCISED always says what was missing.
 */
export function passed(message: string, measurement: Measurement | undefined, evidence: Evidence[]): CheckOutcome {
  return { verdict: 'PASS', message, ...(measurement ? { measurement } : {}), evidence };
}

export function failed(message: string, measurement: Measurement | undefined, evidence: Evidence[]): CheckOutcome {
  return { verdict: 'FAIL', message, ...(measurement ? { measurement } : {}), evidence };
}

export function notExercised(message: string): CheckOutcome {
  return { verdict: 'NOT EXERCISED', message, evidence: [] };
}

/** The probed device declares it does not offer the feature (no PTZ service, ActionNotSupported): the message says how. */
export function notApplicable(message: string): CheckOutcome {
  return { verdict: 'NOT APPLICABLE', message, evidence: [] };
}

/** PASS or FAIL from one measurement: the value is compared with the threshold by `op`. */
export function judged(
  measurement: Measurement,
  passMessage: string,
  failMessage: string,
  evidence: Evidence[],
): CheckOutcome {
  return holds(measurement) ? passed(passMessage, measurement, evidence) : failed(failMessage, measurement, evidence);
}

export function holds(m: Measurement): boolean {
  switch (m.op) {
    case '<=':
      return m.value <= m.threshold;
    case '>=':
      return m.value >= m.threshold;
    case '<':
      return m.value < m.threshold;
    case '>':
      return m.value > m.threshold;
    case '==':
      return m.value === m.threshold;
  }
}

/** Milliseconds for people: 950 ms, 12.5 s. */
export function formatMs(ms: number): string {
  return Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** 'an outage', 'a reboot': the messages are read by people. */
export function withArticle(what: string): string {
  return `${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}`;
}
