import type { LoadStageResult, LoadSummary, LoadThresholdResult, RunOutcome } from '../../reports/run-result.ts';
import type { HeadroomLimits } from './simulator-headroom.ts';
import { judgeStageHeadroom, type StageHeadroom } from './stage-headroom.ts';
import { defaultKneeThresholds, findKnee, type KneeThresholds, type StageMetrics } from './stage-metrics.ts';
import { meetsThreshold, type Threshold, type ThresholdMetric } from './threshold.ts';

/** A stage's value of a threshold metric, in the metric's base unit; undefined when not measured. */
export function metricValue(s: StageMetrics, metric: ThresholdMetric): number | undefined {
  switch (metric) {
    case 'delivered':
      return s.deliveredRatio;
    case 'held':
      return s.held;
    case 'held_ratio':
      return s.cameras > 0 ? s.held / s.cameras : undefined;
    case 'session_drops':
      return s.drops;
    case 'frames_sent':
      return s.framesSent;
    case 'frames_dropped':
      return s.framesDropped;
    case 'latency_p95':
      return s.latencyP95Ms;
  }
}

/** One threshold on one stage; a SIMULATOR-LIMITED stage is never judged. */
export function judgeThreshold(t: Threshold, s: StageMetrics, simulatorLimited: boolean): LoadThresholdResult {
  const measured = metricValue(s, t.metric);
  const base = { threshold: t.source, ...(measured !== undefined ? { measured } : {}) };
  if (simulatorLimited) return { ...base, result: 'not judged' };
  if (measured === undefined) return { ...base, result: 'not measured' };
  return { ...base, result: meetsThreshold(t, measured) ? 'pass' : 'fail' };
}

export interface LoadSummaryInput {
  metrics: readonly StageMetrics[];
  /** camlab's own counters per stage, by stage index: its one process, or the shards and the coordinator. */
  headroom: readonly StageHeadroom[];
  thresholds: readonly Threshold[];
  knee?: KneeThresholds;
  limits?: HeadroomLimits;
  abortedBy?: string;
  /** Cores the hub's processes used per stage, by stage index, where measured. */
  hubCpuCores?: ReadonlyMap<number, number>;
}

/**
 * The load run's stages as judged: a stage where camlab itself fell behind is SIMULATOR-LIMITED —
 * NOT EXERCISED, its thresholds not judged, and the knee search skips it (it speaks neither for nor
 * against the hub; the stages camlab kept up with still do). Pure.
 */
export function loadSummary(input: LoadSummaryInput): LoadSummary {
  const advice = new Set<string>();
  const stages: LoadStageResult[] = input.metrics.map((m) => {
    const judged = judgeStageHeadroom(
      input.headroom.find((x) => x.index === m.index),
      input.limits,
    );
    const simulatorLimited = judged.limited;
    for (const a of judged.advice) advice.add(a);
    return {
      index: m.index,
      cameras: m.cameras,
      held: m.held,
      ...(m.deliveredRatio !== undefined ? { deliveredRatio: m.deliveredRatio } : {}),
      framesSent: m.framesSent,
      framesDropped: m.framesDropped,
      sessionDrops: m.drops,
      ...(m.latencyP95Ms !== undefined ? { latencyP95Ms: m.latencyP95Ms } : {}),
      ...(m.latencyP50Ms !== undefined ? { latencyP50Ms: m.latencyP50Ms } : {}),
      ...(m.latencyP99Ms !== undefined ? { latencyP99Ms: m.latencyP99Ms } : {}),
      ...(input.hubCpuCores?.get(m.index) !== undefined ? { hubCpuCores: input.hubCpuCores.get(m.index)! } : {}),
      simulator: judged.simulator,
      simulatorLimited,
      thresholds: input.thresholds.map((t) => judgeThreshold(t, m, simulatorLimited.length > 0)),
    };
  });
  // The knee is searched over the stages camlab kept up with; a SIMULATOR-LIMITED stage is
  // skipped, neither held nor failed by the hub, and a stage after it still speaks for itself.
  const limited = stages
    .filter((s) => s.simulatorLimited.length > 0)
    .map((s) => `${s.index + 1} (${s.cameras} cameras)`);
  const exercised = input.metrics.filter(
    (m) => !stages.some((s) => s.index === m.index && s.simulatorLimited.length > 0),
  );
  const knee = findKnee(exercised, input.knee ?? defaultKneeThresholds);
  const limitedText =
    limited.length > 0
      ? ` Stage${limited.length > 1 ? 's' : ''} ${limited.join(', ')} SIMULATOR-LIMITED: camlab itself fell behind, NOT EXERCISED, not counted.`
      : '';
  let kneeText: string;
  if (knee.degradedAt !== undefined)
    kneeText = `Knee: sustained ${knee.sustainedCameras} streams; degraded at ${knee.degradedAt.cameras} (${knee.degradedAt.reasons.join('; ')}).${limitedText}`;
  else if (limited.length > 0)
    kneeText = `No knee found: the hub held every stage camlab kept up with${exercised.length > 0 ? `, up to ${knee.sustainedCameras} streams` : ' (none)'}.${limitedText}`;
  else kneeText = `Every stage held: sustained ${knee.sustainedCameras} streams.`;
  return {
    stages,
    knee: kneeText,
    ...(knee.degradedAt !== undefined
      ? { degradedAtStage: knee.degradedAt.index, degradedReasons: knee.degradedAt.reasons }
      : {}),
    thresholdsFailed: stages.some((s) => s.thresholds.some((t) => t.result === 'fail')),
    ...(input.abortedBy !== undefined ? { abortedBy: input.abortedBy } : {}),
    ...(limited.length > 0 ? { advice: [...advice].join(' ') } : {}),
  };
}

function percent(r: number | undefined): string {
  return r === undefined ? '–' : `${(r * 100).toFixed(2)}%`;
}

/** The per-stage summary table `camlab load` prints (Markdown), thresholds included. */
export function loadSummaryTable(summary: LoadSummary): string {
  const thresholdNames = summary.stages[0]?.thresholds.map((t) => t.threshold) ?? [];
  const header = [
    'stage',
    'cameras',
    'held',
    'frames delivered',
    'sent',
    'dropped',
    'session drops',
    'p95 latency',
    'hub CPU',
    'camlab loop p99 / main busy / worker busy / CPU',
    'stage is',
    ...thresholdNames,
  ];
  const rows = summary.stages.map((s) =>
    [
      String(s.index + 1),
      String(s.cameras),
      String(s.held),
      percent(s.deliveredRatio),
      String(s.framesSent),
      String(s.framesDropped),
      String(s.sessionDrops),
      s.latencyP95Ms === undefined ? '–' : `${s.latencyP95Ms} ms`,
      s.hubCpuCores === undefined ? '–' : `${s.hubCpuCores.toFixed(2)} cores`,
      `${s.simulator.loopDelayP99Ms.toFixed(0)} ms / ${(s.simulator.loopUtilization * 100).toFixed(0)}% / ${(s.simulator.workerLoopUtilizationMax * 100).toFixed(0)}% / ${s.simulator.cpuCores.toFixed(2)} cores`,
      s.simulatorLimited.length > 0 ? 'SIMULATOR-LIMITED' : 'exercised',
      ...s.thresholds.map((t) => (t.result === 'pass' ? 'ok' : t.result === 'fail' ? 'FAIL' : t.result)),
    ].join(' | '),
  );
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r} |`),
    '',
    summary.knee,
  ];
  for (const s of summary.stages)
    if (s.simulatorLimited.length > 0)
      lines.push(`Stage ${s.index + 1} SIMULATOR-LIMITED (NOT EXERCISED): ${s.simulatorLimited.join('; ')}.`);
  if (summary.advice !== undefined) lines.push(summary.advice);
  if (summary.abortedBy !== undefined) lines.push(`Aborted: ${summary.abortedBy}.`);
  if (summary.thresholdsFailed) lines.push('A threshold failed (exit code 99).');
  return lines.join('\n');
}

/**
 * The run's outcome once its stages are known. A SIMULATOR-LIMITED stage is NOT EXERCISED: the
 * specification's load checks, judged over the whole run, cannot tell it apart, so with one a
 * PASS is INCONCLUSIVE, and so is a FAIL unless the hub degraded in a stage camlab kept up with.
 */
export function loadOutcome(outcome: RunOutcome, summary: LoadSummary): RunOutcome {
  const limited = summary.stages.filter((s) => s.simulatorLimited.length > 0).length;
  if (limited === 0 || outcome.verdict === 'INCOMPLETE' || outcome.verdict === 'INCONCLUSIVE') return outcome;
  if (outcome.verdict === 'FAIL' && summary.degradedAtStage !== undefined) return outcome;
  const text = `INCONCLUSIVE (${limited} stage(s) SIMULATOR-LIMITED)`;
  return {
    verdict: 'INCONCLUSIVE',
    waived: outcome.waived,
    text: outcome.waived > 0 ? `${text} (${outcome.waived} waived)` : text,
  };
}
