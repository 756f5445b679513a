import type { Level, Measurement, RequirementVerdict, RunResult, Verdict } from '../run-result.ts';

/** What `camlab compare` found between two runs (harness/compare/compare-runs.ts), as the renderer reads it. */

/**
 * How a verdict moved from run A to run B:
 * - regression: it now FAILs, or a PASS is no longer proven (NOT APPLICABLE / NOT EXERCISED) —
 *   a hub upgrade must not quietly lose evidence;
 * - improvement: a FAIL or an unproven requirement now PASSes;
 * - change: anything else (FAIL to unproven, NOT APPLICABLE to NOT EXERCISED).
 */
export type VerdictChangeKind = 'regression' | 'improvement' | 'change';

export interface VerdictChange {
  id: string;
  title: string;
  level: Level;
  from: Verdict;
  to: Verdict;
  kind: VerdictChangeKind;
  messageA: string;
  messageB: string;
}

/** A number that moved by more than the tolerance between the runs. */
export interface MeasurementMove {
  /** The requirement id, or 'latencyMs' / 'reconnectMs' for the run's distributions. */
  source: string;
  name: string;
  unit: Measurement['unit'];
  a: number;
  b: number;
  /** (b - a) / |a|; ±Infinity when a is 0 and b is not (null in `--format json`). */
  relativeChange: number;
  direction: 'worse' | 'better';
  threshold?: number;
  op?: Measurement['op'];
}

export interface RunRef {
  scenario: string;
  hubs: string;
  startedAt: string;
  status: RunResult['status'];
  /** e.g. 'PASS (2 waived)' */
  outcome: string;
}

export interface RunComparison {
  a: RunRef;
  b: RunRef;
  tolerance: number;
  thresholdShare: number;
  regressions: VerdictChange[];
  improvements: VerdictChange[];
  changes: VerdictChange[];
  /** Moves beyond the tolerance, worse first. */
  moved: MeasurementMove[];
  added: Pick<RequirementVerdict, 'id' | 'title' | 'level' | 'verdict'>[];
  removed: Pick<RequirementVerdict, 'id' | 'title' | 'level' | 'verdict'>[];
  /** Things a reader must know before trusting the diff (partial runs, another scenario). */
  warnings: string[];
  /**
   * The runs were not judged the same way: another camlab or specification version, another
   * procurement profile (or one run without), another scenario or adapter file. Verdicts may
   * have moved for that reason alone.
   */
  judgedDifferently: string[];
  /** A verdict regressed or a measurement got worse beyond the tolerance: `camlab compare` exits 1. */
  regressed: boolean;
}
