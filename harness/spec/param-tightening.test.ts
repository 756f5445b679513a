import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParamDef, Requirement } from './requirement.ts';
import { log } from './fixtures/observation-fixtures.ts';
import { recordingStory, runFor, runLog, survivalLog } from './fixtures/generated-runs.ts';
import { specification } from './specification.ts';

/**
 * For every parameter of every requirement: tightening it (in its `stricter` direction) never
 * turns a FAIL into a PASS, over generated logs of plausible runs — sessions that play, stall,
 * wedge or drop; outages, caps, reboots and other faults; alarms of every kind; egress with and
 * without stamps; provisioning, handovers, PTZ, discovery, ONVIF and RTSP traffic.
 */

/** A looser and a stricter value of one parameter, around its default. */
function pair(def: ParamDef): fc.Arbitrary<[number, number]> {
  const base =
    def.unit === 'ratio'
      ? fc.double({ min: 0, max: 1, noNaN: true })
      : def.unit === 'count'
        ? fc.integer({ min: 0, max: Math.max(6, def.default * 3) })
        : fc.double({ min: def.default / 4, max: def.default * 4, noNaN: true }).map((v) => Math.round(v));
  return fc.tuple(base, base).map(([a, b]) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return def.stricter === 'lower' ? [hi, lo] : [lo, hi];
  });
}

const withParams = specification.requirements.flatMap((req) =>
  Object.keys(req.params).map((name) => [`${req.id} ${name}`, req, name] as const),
);

/** Runs the property; returns how many generated runs failed under the looser value (the runs that test anything). */
function tighteningHolds(req: Requirement, name: string, numRuns: number): number {
  // The other parameters take any value in their range: the property must hold whatever they are.
  const defaults = Object.fromEntries(Object.entries(req.params).map(([k, d]) => [k, d.default]));
  const others = fc.oneof(
    fc.constant(defaults),
    fc.record(Object.fromEntries(Object.entries(req.params).map(([k, d]) => [k, pair(d).map(([a]) => a)]))),
  );
  let failures = 0;
  fc.assert(
    fc.property(
      runLog,
      others,
      pair(req.params[name]!),
      recordingStory,
      survivalLog,
      (base, rest, [looser, stricter], story, survival) => {
        const observations = log(base, story.linkLosses, story.recorderRequests, Object.values(survival));
        const loose = req.check({ observations, params: { ...rest, [name]: looser }, run: runFor(req) }).verdict;
        if (loose !== 'FAIL') return;
        failures++;
        const strict = req.check({ observations, params: { ...rest, [name]: stricter }, run: runFor(req) });
        expect(strict.verdict, `${name} ${looser} → ${stricter}: ${strict.message}`).not.toBe('PASS');
      },
    ),
    { numRuns, seed: 2026_12 },
  );
  return failures;
}

describe('tightening a parameter never turns a FAIL into a PASS', () => {
  it.each(withParams)('%s', (_label, req: Requirement, name: string) => {
    // A property whose looser value never failed tested nothing: the generator must reach every requirement.
    expect(tighteningHolds(req, name, 150)).toBeGreaterThan(0);
  });

  it('catches a parameter whose stricter direction is marked the wrong way', () => {
    const req = specification.requirements.find((r) => r.id === 'HUB-STR-07')!;
    const flipped: Requirement = {
      ...req,
      params: { maxUnwatchedMs: { ...req.params['maxUnwatchedMs']!, stricter: 'higher' } },
    };
    expect(() => tighteningHolds(flipped, 'maxUnwatchedMs', 150)).toThrow(/Property failed/);
  });
});
