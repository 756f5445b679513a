import { describe, expect, it } from 'vitest';
import type { Requirement } from '../spec/requirement.ts';
import { specification } from '../spec/specification.ts';
import { alarm, cameraState, fleet, log, outage, session } from '../spec/fixtures/observation-fixtures.ts';
import { evaluate, maxEvidencePerVerdict } from './evaluate.ts';
import { OverrideError, validateOverrides } from './validate-overrides.ts';
import { summarize } from './summarize.ts';

const run = fleet();
const powerCut = log(
  session({ camera: 'cam-1', fromS: 0, toS: 60, reason: 'camera-down' }),
  outage('o1', 'power', ['cam-1'], 60, 120),
  cameraState('cam-1', 60, 'down'),
  cameraState('cam-1', 125, 'up'),
  alarm('cam-1', 70, 'raised'),
  session({ camera: 'cam-1', fromS: 128 }),
);

function verdictOf(id: string, input: Partial<Parameters<typeof evaluate>[0]>) {
  const [v] = evaluate({
    requirements: specification.requirements,
    overrides: {},
    observations: [],
    run,
    capabilities: new Set(),
    selected: [id],
    ...input,
  });
  return v!;
}

describe('evaluate', () => {
  it('makes a requirement NOT APPLICABLE when the adapter lacks its capability, with the reason', () => {
    const v = verdictOf('HUB-RES-01', { observations: powerCut });
    expect(v.verdict).toBe('NOT APPLICABLE');
    expect(v.message).toContain('hub.alarm');
  });

  it('judges the same evidence once the capability is there', () => {
    expect(verdictOf('HUB-RES-01', { observations: powerCut, capabilities: new Set(['alarms']) }).verdict).toBe('PASS');
  });

  it('says NOT EXERCISED when the scenario never injected what the requirement is about', () => {
    const v = verdictOf('HUB-RES-03', { observations: log(session({ camera: 'cam-1', fromS: 0 })) });
    expect(v.verdict).toBe('NOT EXERCISED');
  });

  it('carries the effective parameters, measurement and evidence', () => {
    const v = verdictOf('HUB-RES-03', {
      observations: powerCut,
      overrides: { 'HUB-RES-03': { reconnectWithinMs: 10_000 } },
    });
    expect(v.params).toEqual({ reconnectWithinMs: 10_000, deliverForMs: 10_000 });
    expect(v.verdict).toBe('PASS');
    expect(v.measurement).toMatchObject({ value: 3000, threshold: 10_000, op: '<=' });
    expect(v.evidence[0]).toMatchObject({ camera: 'cam-1' });
  });

  it('lets a tightened threshold turn a pass into a fail', () => {
    expect(
      verdictOf('HUB-RES-03', { observations: powerCut, overrides: { 'HUB-RES-03': { reconnectWithinMs: 2_000 } } })
        .verdict,
    ).toBe('FAIL');
  });

  it('refuses overrides that loosen a requirement', () => {
    expect(() => verdictOf('HUB-RES-03', { overrides: { 'HUB-RES-03': { reconnectWithinMs: 120_000 } } })).toThrow(
      OverrideError,
    );
  });

  it('evaluates only the selected requirements, and all without a selection', () => {
    expect(
      evaluate({
        requirements: specification.requirements,
        overrides: {},
        observations: [],
        run,
        capabilities: new Set(),
      }),
    ).toHaveLength(specification.requirements.length);
    expect(() => verdictOf('HUB-NOPE-01', {})).toThrow(/unknown requirement/);
  });

  it('never lets a check pass without evidence', () => {
    const sloppy: Requirement = {
      ...specification.requirements[0]!,
      id: 'X-1',
      check: () => ({ verdict: 'PASS', message: 'trust me', evidence: [] }),
    };
    const [v] = evaluate({ requirements: [sloppy], overrides: {}, observations: [], run, capabilities: new Set() });
    expect(v!.verdict).toBe('NOT EXERCISED');
  });

  it('caps the evidence and says how much was left out', () => {
    const noisy: Requirement = {
      ...specification.requirements[0]!,
      id: 'X-2',
      check: () => ({
        verdict: 'FAIL',
        message: 'many',
        evidence: Array.from({ length: 500 }, (_, i) => ({ text: `e${i}` })),
      }),
    };
    const [v] = evaluate({ requirements: [noisy], overrides: {}, observations: [], run, capabilities: new Set() });
    expect(v!.evidence).toHaveLength(maxEvidencePerVerdict);
    expect(v!.evidence.at(-1)!.text).toContain('481 more');
  });
});

describe('validateOverrides', () => {
  const cases: { name: string; overrides: Record<string, Record<string, number>>; issue?: RegExp }[] = [
    { name: 'tightening a lower-is-stricter bound', overrides: { 'HUB-RES-02': { alarmWithinMs: 5_000 } } },
    { name: 'tightening a higher-is-stricter ratio', overrides: { 'HUB-STR-03': { minFrameRatio: 0.99 } } },
    { name: 'the default itself', overrides: { 'HUB-STR-03': { minFrameRatio: 0.95 } } },
    {
      name: 'loosening a bound',
      overrides: { 'HUB-RES-02': { alarmWithinMs: 90_000 } },
      issue: /loosens.*default 30000 ms.*only lower values tighten/,
    },
    { name: 'loosening a ratio', overrides: { 'HUB-STR-03': { minFrameRatio: 0.5 } }, issue: /loosens/ },
    {
      name: 'an unknown requirement',
      overrides: { 'HUB-XYZ-09': { a: 1 } },
      issue: /unknown requirement 'HUB-XYZ-09'/,
    },
    {
      name: 'an unknown parameter',
      overrides: { 'HUB-RES-02': { withinMs: 1 } },
      issue: /unknown parameter 'withinMs'.*'alarmWithinMs'/,
    },
    { name: 'not a number', overrides: { 'HUB-RES-02': { alarmWithinMs: Number.NaN } }, issue: /finite number/ },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const issues = validateOverrides(specification.requirements, c.overrides);
    if (c.issue === undefined) expect(issues).toEqual([]);
    else expect(issues.map((i) => `${i.path}: ${i.message}`).join('\n')).toMatch(c.issue);
  });
});

describe('summarize', () => {
  it('counts verdicts and failed MUSTs', () => {
    const verdicts = evaluate({
      requirements: specification.requirements,
      overrides: { 'HUB-RES-03': { reconnectWithinMs: 1_000 } },
      observations: powerCut,
      run,
      capabilities: new Set(['alarms']),
    });
    const summary = summarize(verdicts);
    expect(summary.pass + summary.fail + summary.notApplicable + summary.notExercised).toBe(verdicts.length);
    expect(summary.mustFailed).toBe(verdicts.filter((v) => v.verdict === 'FAIL' && v.level === 'MUST').length);
    expect(summary.mustFailed).toBeGreaterThan(0);
  });
});
