import { describe, expect, it } from 'vitest';
import { sampleRunResult } from '../../reports/fixtures/sample-run-result.ts';
import type { RunResult } from '../../reports/run-result.ts';
import type { Verdict } from '../spec/requirement.ts';
import type { VerdictChangeKind } from '../../reports/compare/run-comparison.ts';
import { compareRuns } from './compare-runs.ts';

function withVerdict(id: string, verdict: Verdict): RunResult {
  const r = sampleRunResult();
  const v = r.verdicts.find((x) => x.id === id)!;
  v.verdict = verdict;
  if (verdict !== 'PASS' && verdict !== 'FAIL') delete v.measurement;
  return r;
}

const verdictCases: { name: string; from: Verdict; to: Verdict; kind: VerdictChangeKind | 'none' }[] = [
  { name: 'pass to fail regresses', from: 'PASS', to: 'FAIL', kind: 'regression' },
  { name: 'a pass no longer proven regresses', from: 'PASS', to: 'NOT APPLICABLE', kind: 'regression' },
  { name: 'a pass not exercised any more regresses', from: 'PASS', to: 'NOT EXERCISED', kind: 'regression' },
  { name: 'unproven to fail regresses', from: 'NOT EXERCISED', to: 'FAIL', kind: 'regression' },
  { name: 'fail to pass improves', from: 'FAIL', to: 'PASS', kind: 'improvement' },
  { name: 'unproven to pass improves', from: 'NOT APPLICABLE', to: 'PASS', kind: 'improvement' },
  { name: 'fail to unproven is only a change', from: 'FAIL', to: 'NOT EXERCISED', kind: 'change' },
  { name: 'between unproven kinds is only a change', from: 'NOT APPLICABLE', to: 'NOT EXERCISED', kind: 'change' },
  { name: 'same verdict is no change', from: 'PASS', to: 'PASS', kind: 'none' },
];

describe('compareRuns verdicts', () => {
  it.each(verdictCases)('$name', ({ from, to, kind }) => {
    const c = compareRuns(withVerdict('HUB-STR-01', from), withVerdict('HUB-STR-01', to));
    const all = [...c.regressions, ...c.improvements, ...c.changes];
    if (kind === 'none') {
      expect(all).toEqual([]);
      expect(c.regressed).toBe(false);
      return;
    }
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: 'HUB-STR-01', from, to, kind });
    expect(c.regressed).toBe(kind === 'regression');
  });

  it('finds requirements only one run has', () => {
    const a = sampleRunResult();
    const b = sampleRunResult();
    b.verdicts = b.verdicts.filter((v) => v.id !== 'HUB-PTZ-01');
    b.verdicts.push({ ...b.verdicts[0]!, id: 'HUB-NEW-01', title: 'new' });
    const c = compareRuns(a, b);
    expect(c.added.map((v) => v.id)).toEqual(['HUB-NEW-01']);
    expect(c.removed.map((v) => v.id)).toEqual(['HUB-PTZ-01']);
    expect(c.regressed).toBe(false);
  });

  it('warns when a run is partial or the scenario differs', () => {
    const b = sampleRunResult({ partial: true });
    b.scenario.name = 'other';
    const warnings = compareRuns(sampleRunResult(), b).warnings.join('\n');
    expect(warnings).toContain('run B is PARTIAL');
    expect(warnings).toContain("different scenarios: 'outage-and-recovery' and 'other'");
  });

  it('flags runs judged differently: versions, procurement profile, scenario file', () => {
    const a = sampleRunResult();
    expect(compareRuns(a, sampleRunResult()).judgedDifferently).toEqual([]);
    const b = sampleRunResult();
    b.camlabVersion = '0.2.0';
    b.specVersion = '2026.12';
    b.profile = { name: 'tender 7', file: 'tender.yaml', sha256: 'f'.repeat(64), procurement: {}, waivers: {} };
    b.inputs = [{ role: 'scenario', path: 'scenarios/outage-and-recovery.yaml', sha256: 'e'.repeat(64) }];
    expect(compareRuns(a, b).judgedDifferently).toEqual([
      'specification version: 2026.1 → 2026.12',
      'camlab version: 0.1.0 → 0.2.0',
      `procurement profile: none (nothing waived) → 'tender 7' (sha256 ${'f'.repeat(12)}…)`,
      'scenario file changed (its SHA-256 differs)',
    ]);
    const c = sampleRunResult();
    c.profile = { ...b.profile, sha256: '0'.repeat(64) };
    expect(compareRuns(b, c).judgedDifferently).toContain(
      `procurement profile: 'tender 7' (sha256 ${'f'.repeat(12)}…) → 'tender 7' (sha256 ${'0'.repeat(12)}…)`,
    );
  });
});

describe('compareRuns measurements', () => {
  // HUB-STR-01's measurement, re-set per case: for '<=' higher is worse, for '>=' lower is.
  const cases: {
    name: string;
    op: '<=' | '>=';
    a: number;
    b: number;
    threshold?: number;
    tolerance?: number;
    moved: 'worse' | 'better' | 'none';
  }[] = [
    { name: 'within the default 10%', op: '<=', a: 2000, b: 2150, moved: 'none' },
    { name: 'up 50% where lower is better', op: '<=', a: 2000, b: 3000, moved: 'worse' },
    { name: 'down 50% where lower is better', op: '<=', a: 2000, b: 1000, moved: 'better' },
    { name: 'down 20% where higher is better', op: '>=', a: 0.99, b: 0.79, moved: 'worse' },
    { name: 'a tighter tolerance catches 10%', op: '<=', a: 2000, b: 2200, tolerance: 0.05, moved: 'worse' },
    { name: 'a looser tolerance lets 40% through', op: '<=', a: 2000, b: 2800, tolerance: 0.5, moved: 'none' },
    { name: 'from zero is an infinite move', op: '<=', a: 0, b: 1000, moved: 'worse' },
    {
      name: 'beyond tolerance but noise against the threshold',
      op: '<=',
      a: 268,
      b: 333,
      threshold: 10_000,
      moved: 'none',
    },
  ];
  it.each(cases)('$name', ({ op, a, b, threshold, tolerance, moved }) => {
    const ra = sampleRunResult();
    const rb = sampleRunResult();
    for (const [r, value] of [
      [ra, a],
      [rb, b],
    ] as const) {
      const m = r.verdicts[0]!.measurement!;
      m.op = op;
      m.value = value;
      m.threshold = threshold ?? (op === '>=' ? 0.95 : 2500);
    }
    const c = compareRuns(ra, rb, tolerance === undefined ? {} : { tolerance });
    const moves = c.moved.filter((m) => m.source === 'HUB-STR-01');
    if (moved === 'none') {
      expect(moves).toEqual([]);
      expect(c.regressed).toBe(false);
    } else {
      expect(moves).toHaveLength(1);
      expect(moves[0]).toMatchObject({ direction: moved, a, b });
      expect(c.regressed).toBe(moved === 'worse');
    }
  });

  it('compares latency and reconnect percentiles, worse first', () => {
    const a = sampleRunResult();
    const b = sampleRunResult();
    b.distributions.latencyMs = { ...b.distributions.latencyMs!, p90: 400 };
    b.distributions.reconnectMs = { ...b.distributions.reconnectMs!, p50: 1000 };
    const c = compareRuns(a, b);
    expect(c.moved.map((m) => `${m.source}.${m.name}:${m.direction}`)).toEqual([
      'latencyMs.p90:worse',
      'reconnectMs.p50:better',
    ]);
    expect(c.regressed).toBe(true);
  });

  it('counts any move of a measurement whose threshold is zero', () => {
    const ra = sampleRunResult();
    const rb = sampleRunResult();
    ra.verdicts[0]!.measurement = { name: 'sessions timed out', value: 0, unit: 'count', threshold: 0, op: '<=' };
    rb.verdicts[0]!.measurement = { name: 'sessions timed out', value: 1, unit: 'count', threshold: 0, op: '<=' };
    expect(compareRuns(ra, rb).moved.map((m) => m.direction)).toEqual(['worse']);
  });

  it('rejects a negative tolerance', () => {
    expect(() => compareRuns(sampleRunResult(), sampleRunResult(), { tolerance: -1 })).toThrow(RangeError);
  });
});
