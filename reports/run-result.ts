/**
 * Everything a finished (or interrupted) run leaves, and the one input of every renderer in
 * reports/. JSON-serialisable; `camlab compare` and `camlab verify` read it back. It lives in
 * reports/ so that the renderers need nothing from the harness: the harness builds it (harness
 * -> reports) and decides everything in it, the outcome included; reports only render it. The
 * verdict vocabulary below is the one the specification's checks speak
 * (harness/spec/requirement.ts re-exports it).
 */
export const runResultSchemaVersion = 2;

export type Level = 'MUST' | 'SHOULD';
export type Verdict = 'PASS' | 'FAIL' | 'NOT APPLICABLE' | 'NOT EXERCISED';
export type MeasurementUnit = 'ms' | 'ratio' | 'count' | 'per-second' | 'kbps';

export interface Evidence {
  camera?: string;
  hub?: string;
  atMs?: number;
  fromMs?: number;
  toMs?: number;
  text: string;
}

export interface Measurement {
  /** What was measured, e.g. 'worst offline-alarm delay'. */
  name: string;
  value: number;
  unit: MeasurementUnit;
  threshold: number;
  /** The value passes when `value op threshold` holds. */
  op: '<=' | '>=' | '<' | '>' | '==';
}

export interface RequirementVerdict {
  id: string;
  title: string;
  /** The specification's area (STREAM, RESILIENCE, ...). */
  area: string;
  level: Level;
  verdict: Verdict;
  message: string;
  /** The effective parameters (spec defaults, tightened by the scenario). */
  params: Record<string, number>;
  measurement?: Measurement;
  evidence: Evidence[];
  traces: { source: string; feature?: string; testCase?: string }[];
  /** Set when the buyer's procurement profile waived this unproven requirement. */
  waiver?: { reason: string };
}

/** What the run shows, as decided by harness/verdicts/run-outcome.ts and rendered as is. */
export interface RunOutcome {
  verdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'INCOMPLETE';
  /** Requirements the profile waived (they were NOT APPLICABLE or NOT EXERCISED). */
  waived: number;
  /** e.g. 'PASS (2 waived)' */
  text: string;
}

/** One file the run was judged from, hashed so a report attached to a tender can be checked against it. */
export interface InputFile {
  role: 'scenario' | 'fleet' | 'profile' | 'adapter';
  /** The path as given; for `camlab load`'s generated scenario, a description. */
  path: string;
  sha256: string;
}

/** The buyer's procurement profile as applied to this run. */
export interface AppliedProfile {
  name: string;
  owner?: string;
  file: string;
  sha256: string;
  /** The procurement inputs it set, e.g. HUB-LOAD-03's N. */
  procurement: { concurrentStreams?: number };
  /** Every waiver it holds, used or not. */
  waivers: Record<string, string>;
}

export interface TimelineEvent {
  atMs: number;
  /** 'fault', 'clear', 'mark', 'ptz', 'handover', 'wait-for', 'provision', ... */
  type: string;
  label: string;
  site?: string;
  cameras?: string[];
}

export interface SessionInterval {
  camera: string;
  site: string;
  client: string;
  user?: string;
  profile: 'main' | 'sub';
  startMs: number;
  /** undefined while still open at the end of the run */
  endMs?: number;
}

export interface AlarmInterval {
  camera: string;
  site: string;
  hub: string;
  alarm: string;
  raisedMs: number;
  clearedMs?: number;
}

export interface Distribution {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Up to 200 raw samples, for histograms. */
  samples: number[];
}

export interface RunResult {
  schemaVersion: typeof runResultSchemaVersion;
  camlabVersion: string;
  specVersion: string;
  status: 'complete' | 'partial';
  partialReason?: string;
  scenario: { name: string; file?: string; seed: number; speed: number; source: string; description?: string };
  /** Each hub instance: what it said it is, and the capabilities its adapter declared. */
  hubs: {
    instance: string;
    adapter: string;
    identity: { name: string; vendor?: string; version?: string };
    capabilities: string[];
  }[];
  startedAt: string;
  endedAt: string;
  startMs: number;
  endMs: number;
  sites: { name: string; cameras: string[] }[];
  cameras: { id: string; site: string; model: string; ptz: boolean }[];
  verdicts: RequirementVerdict[];
  summary: {
    pass: number;
    fail: number;
    notApplicable: number;
    notExercised: number;
    mustFailed: number;
    waived: number;
  };
  outcome: RunOutcome;
  /** Absent without --profile: then nothing is waived. */
  profile?: AppliedProfile;
  inputs: InputFile[];
  timeline: TimelineEvent[];
  sessions: SessionInterval[];
  alarms: AlarmInterval[];
  distributions: { latencyMs?: Distribution; reconnectMs?: Distribution };
  observationCount: number;
  /** Observations the fleet's bounded log dropped (oldest first): evidence lost, so the run is INCOMPLETE. */
  observationsDropped?: number;
  /** Set by `camlab load`: the stages, camlab's headroom in each, and the thresholds. */
  load?: LoadSummary;
}

/** One threshold on one stage of a load run, as judged. */
export interface LoadThresholdResult {
  /** As the user wrote it, e.g. 'latency_p95<2s'. */
  threshold: string;
  /** The stage's value in the metric's base unit (ratio, count, ms); absent when not measured. */
  measured?: number;
  /** 'not judged': the stage was SIMULATOR-LIMITED; 'not measured': the stage has no such value. */
  result: 'pass' | 'fail' | 'not measured' | 'not judged';
}

/** camlab's own headroom over one load stage: of one process, or of all of them together. */
export interface StageHeadroomFigures {
  loopDelayP99Ms: number;
  loopUtilization: number;
  workerLoopUtilizationMax: number;
  cpuCores: number;
  coresAvailable: number;
  framesSkipped: number;
}

/** One stage of a load run: what the hub did, and whether camlab itself kept up. */
export interface LoadStageResult {
  index: number;
  cameras: number;
  held: number;
  deliveredRatio?: number;
  framesSent: number;
  framesDropped: number;
  sessionDrops: number;
  latencyP95Ms?: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
  /** Cores the hub's own processes used on average over the stage, where its adapter names them. */
  hubCpuCores?: number;
  /** camlab's own headroom over the stage. */
  simulator: StageHeadroomFigures & {
    /**
     * With `--shards`, each process's own figures (the shards and the coordinator); the figures
     * above are then the worst loop delay and busy shares, the summed CPU, frames skipped and
     * cores (each machine's once).
     */
    processes?: (StageHeadroomFigures & { process: string; host: string })[];
  };
  /** Why camlab fell behind; non-empty = SIMULATOR-LIMITED: the stage is NOT EXERCISED, for or against the hub. */
  simulatorLimited: string[];
  thresholds: LoadThresholdResult[];
}

/** What `camlab load` adds to a run's result. */
export interface LoadSummary {
  stages: LoadStageResult[];
  /** One sentence: the knee, or why there is none. */
  knee: string;
  /** The first stage (index) camlab kept up with where the hub degraded. */
  degradedAtStage?: number;
  /** What broke in that stage, first the streams held, then frames, drops, latency. */
  degradedReasons?: string[];
  /** Some threshold failed on a stage camlab kept up with (exit code 99). */
  thresholdsFailed: boolean;
  /** Set when a threshold with abortOnFail stopped the ramp. */
  abortedBy?: string;
  /** How to give camlab more capacity, when a stage was SIMULATOR-LIMITED. */
  advice?: string;
}
