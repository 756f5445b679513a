import { describe, expect, it } from 'vitest';
import { specification } from '../spec/specification.ts';
import { fleet, log, session } from '../spec/fixtures/observation-fixtures.ts';
import { evaluate } from '../verdicts/evaluate.ts';
import { requirementsUnderProfile, stricterOverrides } from './apply-profile.ts';
import type { Profile } from './profile-schema.ts';

const profile = (p: Partial<Profile>): Profile => ({ name: 'tender', waivers: {}, procurement: {}, tighten: {}, ...p });
const four = fleet(['fixed-1080p', 'ptz-dome', 'legacy-bullet', 'fixed-1080p']);

describe('requirementsUnderProfile', () => {
  it("makes HUB-LOAD-03's N the buyer's, either way, so a 4-camera estate is judged on 4 streams", () => {
    const observations = log(['cam-1', 'cam-2', 'cam-3', 'cam-4'].map((camera) => session({ camera, fromS: 1 })));
    const judge = (p?: Profile) =>
      evaluate({
        requirements: requirementsUnderProfile(specification.requirements, p),
        overrides: {},
        observations,
        run: four,
        capabilities: new Set(),
        selected: ['HUB-LOAD-03'],
      })[0]!;
    expect(judge().verdict).toBe('NOT EXERCISED');
    const judged = judge(profile({ procurement: { concurrentStreams: 4 } }));
    expect(judged.verdict).toBe('PASS');
    expect(judged.params.minConcurrentStreams).toBe(4);
    expect(judge(profile({ procurement: { concurrentStreams: 5 } })).verdict).toBe('NOT EXERCISED');
  });

  it('leaves the specification alone without a profile, and makes tightenings the new defaults', () => {
    expect(requirementsUnderProfile(specification.requirements, undefined)).toEqual(specification.requirements);
    const tightened = requirementsUnderProfile(
      specification.requirements,
      profile({ tighten: { 'HUB-STR-01': { pullWithinMs: 4000 } } }),
    );
    expect(tightened.find((r) => r.id === 'HUB-STR-01')!.params.pullWithinMs!.default).toBe(4000);
    expect(specification.requirements.find((r) => r.id === 'HUB-STR-01')!.params.pullWithinMs!.default).toBe(10_000);
  });
});

describe('stricterOverrides', () => {
  it('keeps the stricter of the profile and the scenario', () => {
    const requirements = requirementsUnderProfile(
      specification.requirements,
      profile({ tighten: { 'HUB-STR-01': { pullWithinMs: 4000 } } }),
    );
    expect(stricterOverrides(requirements, { 'HUB-STR-01': { pullWithinMs: 8000 } })).toEqual({});
    expect(stricterOverrides(requirements, { 'HUB-STR-01': { pullWithinMs: 3000 } })).toEqual({
      'HUB-STR-01': { pullWithinMs: 3000 },
    });
  });
});
