import { describe, expect, it } from 'vitest';
import { fixedOffsetMs, isPosixTz } from './time-zone.ts';

const HOUR_MS = 3_600_000;

/** POSIX 1003.1 TZ strings as ONVIF clients send them; offsets count west of Greenwich as positive. */
const cases: Array<{ tz: string; valid: boolean; offsetMs?: number }> = [
  { tz: 'UTC0', valid: true, offsetMs: 0 },
  { tz: 'CET-1', valid: true, offsetMs: HOUR_MS },
  { tz: 'EST5', valid: true, offsetMs: -5 * HOUR_MS },
  { tz: 'IST-5:30', valid: true, offsetMs: 5.5 * HOUR_MS },
  { tz: '<+0330>-3:30', valid: true, offsetMs: 3.5 * HOUR_MS },
  { tz: 'GMT0BST,M3.5.0/1,M10.5.0', valid: true },
  { tz: 'PST8PDT,M3.2.0,M11.1.0', valid: true },
  { tz: 'CET-1CEST', valid: true },
  { tz: 'INVALIDTIMEZONE', valid: false },
  { tz: 'UT0', valid: false },
  { tz: '', valid: false },
  { tz: 'CET-1,M3.5.0', valid: false },
];

describe('POSIX time zones', () => {
  it.each(cases)('$tz', ({ tz, valid, offsetMs }) => {
    expect(isPosixTz(tz)).toBe(valid);
    // A fixed offset only where the zone has no daylight-saving part.
    expect(fixedOffsetMs(tz)).toBe(offsetMs);
  });
});
