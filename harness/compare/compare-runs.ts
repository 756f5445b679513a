import type {
  MeasurementMove,
  RunComparison,
  RunRef,
  VerdictChange,
  VerdictChangeKind,
} from '../../reports/compare/run-comparison.ts';
import type {
  Distribution,
  InputFile,
  Measurement,
  RequirementVerdict,
  RunResult,
  Verdict,
} from '../../reports/run-result.ts';

export const defaultTolerance = 0.1;
/**
 * A requirement's measurement must also move by this share of its threshold to count: 268 ms to
 * 333 ms is +24%, but against a 10 s bound it is noise, and CI must not fail on noise.
 */
export const defaultThresholdShare = 0.05;

function classify(from: Verdict, to: Verdict): VerdictChangeKind {
  if (to === 'FAIL') return 'regression';
  if (from === 'PASS') return 'regression';
  if (to === 'PASS') return 'improvement';
  return 'change';
}

function relative(a: number, b: number): number {
  if (a === b) return 0;
  if (a === 0) return b > 0 ? Infinity : -Infinity;
  return (b - a) / Math.abs(a);
}

/** Which way is worse follows the threshold's operator: for '<=' a larger value is worse. */
function worseDirection(op: Measurement['op'], a: number, b: number): 'worse' | 'better' {
  if (op === '==') return 'worse';
  const higherIsWorse = op === '<=' || op === '<';
  return b > a === higherIsWorse ? 'worse' : 'better';
}

function ref(r: RunResult): RunRef {
  return {
    scenario: r.scenario.name,
    hubs:
      r.hubs
        .map((h) => `${h.identity.name}${h.identity.version !== undefined ? ` ${h.identity.version}` : ''}`)
        .join(', ') || 'none',
    startedAt: r.startedAt,
    status: r.status,
    outcome: r.outcome.text,
  };
}

function brief(v: RequirementVerdict): Pick<RequirementVerdict, 'id' | 'title' | 'level' | 'verdict'> {
  return { id: v.id, title: v.title, level: v.level, verdict: v.verdict };
}

function distributionMoves(
  name: 'latencyMs' | 'reconnectMs',
  a: Distribution | undefined,
  b: Distribution | undefined,
  tolerance: number,
): MeasurementMove[] {
  if (a === undefined || b === undefined || a.count === 0 || b.count === 0) return [];
  const moves: MeasurementMove[] = [];
  for (const p of ['p50', 'p90', 'p99'] as const) {
    const rel = relative(a[p], b[p]);
    if (Math.abs(rel) > tolerance) {
      // Latency and reconnect time: lower is better.
      moves.push({
        source: name,
        name: p,
        unit: 'ms',
        a: a[p],
        b: b[p],
        relativeChange: rel,
        direction: b[p] > a[p] ? 'worse' : 'better',
      });
    }
  }
  return moves;
}

function profileName(r: RunResult): string {
  return r.profile !== undefined
    ? `'${r.profile.name}' (sha256 ${r.profile.sha256.slice(0, 12)}…)`
    : 'none (nothing waived)';
}

function inputHashes(r: RunResult, role: InputFile['role']): string {
  return r.inputs
    .filter((i) => i.role === role)
    .map((i) => i.sha256)
    .sort()
    .join(',');
}

/** How the two runs were judged differently, one line each. */
function judgedDifferently(a: RunResult, b: RunResult): string[] {
  const lines: string[] = [];
  if (a.specVersion !== b.specVersion) lines.push(`specification version: ${a.specVersion} → ${b.specVersion}`);
  if (a.camlabVersion !== b.camlabVersion) lines.push(`camlab version: ${a.camlabVersion} → ${b.camlabVersion}`);
  if (a.profile?.sha256 !== b.profile?.sha256) lines.push(`procurement profile: ${profileName(a)} → ${profileName(b)}`);
  for (const role of ['scenario', 'fleet', 'adapter'] as const) {
    if (inputHashes(a, role) !== inputHashes(b, role)) lines.push(`${role} file changed (its SHA-256 differs)`);
  }
  return lines;
}

/**
 * What changed from run A (the baseline, e.g. the hub's current version) to run B (the
 * candidate): verdict changes by requirement id, measurements and distribution percentiles
 * that moved by more than `tolerance` (relative, default 10%; a requirement's measurement also
 * by at least `thresholdShare` of its threshold, default 5%), and requirements only one run
 * has. Pure: two results in, one comparison out.
 */
export function compareRuns(
  a: RunResult,
  b: RunResult,
  opts: { tolerance?: number; thresholdShare?: number } = {},
): RunComparison {
  const tolerance = opts.tolerance ?? defaultTolerance;
  const thresholdShare = opts.thresholdShare ?? defaultThresholdShare;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance))
    throw new RangeError(`tolerance must be a finite number >= 0, got ${tolerance}`);
  if (!(thresholdShare >= 0) || !Number.isFinite(thresholdShare))
    throw new RangeError(`thresholdShare must be a finite number >= 0, got ${thresholdShare}`);
  const byIdA = new Map(a.verdicts.map((v) => [v.id, v]));
  const byIdB = new Map(b.verdicts.map((v) => [v.id, v]));
  const changes: VerdictChange[] = [];
  const moved: MeasurementMove[] = [];

  for (const vb of b.verdicts) {
    const va = byIdA.get(vb.id);
    if (va === undefined) continue;
    if (va.verdict !== vb.verdict) {
      changes.push({
        id: vb.id,
        title: vb.title,
        level: vb.level,
        from: va.verdict,
        to: vb.verdict,
        kind: classify(va.verdict, vb.verdict),
        messageA: va.message,
        messageB: vb.message,
      });
    }
    const ma = va.measurement;
    const mb = vb.measurement;
    if (ma !== undefined && mb !== undefined && ma.name === mb.name && ma.unit === mb.unit) {
      const rel = relative(ma.value, mb.value);
      const significant = Math.abs(mb.value - ma.value) >= thresholdShare * Math.abs(mb.threshold);
      if (Math.abs(rel) > tolerance && significant) {
        moved.push({
          source: vb.id,
          name: mb.name,
          unit: mb.unit,
          a: ma.value,
          b: mb.value,
          relativeChange: rel,
          direction: worseDirection(mb.op, ma.value, mb.value),
          threshold: mb.threshold,
          op: mb.op,
        });
      }
    }
  }
  moved.push(...distributionMoves('latencyMs', a.distributions.latencyMs, b.distributions.latencyMs, tolerance));
  moved.push(...distributionMoves('reconnectMs', a.distributions.reconnectMs, b.distributions.reconnectMs, tolerance));
  moved.sort((x, y) => (x.direction === y.direction ? 0 : x.direction === 'worse' ? -1 : 1));

  const warnings: string[] = [];
  if (a.status === 'partial') warnings.push(`run A is PARTIAL (${a.partialReason ?? 'did not finish'})`);
  if (b.status === 'partial') warnings.push(`run B is PARTIAL (${b.partialReason ?? 'did not finish'})`);
  if (a.scenario.name !== b.scenario.name)
    warnings.push(`the runs played different scenarios: '${a.scenario.name}' and '${b.scenario.name}'`);

  const regressions = changes.filter((c) => c.kind === 'regression');
  return {
    judgedDifferently: judgedDifferently(a, b),
    a: ref(a),
    b: ref(b),
    tolerance,
    thresholdShare,
    regressions,
    improvements: changes.filter((c) => c.kind === 'improvement'),
    changes: changes.filter((c) => c.kind === 'change'),
    moved,
    added: b.verdicts.filter((v) => !byIdA.has(v.id)).map(brief),
    removed: a.verdicts.filter((v) => !byIdB.has(v.id)).map(brief),
    warnings,
    regressed: regressions.length > 0 || moved.some((m) => m.direction === 'worse'),
  };
}
