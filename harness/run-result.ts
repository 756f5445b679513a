import type { Area, Evidence, Level, Measurement, Verdict } from './spec/requirement.ts';
import type { Capability, HubIdentity } from './hubs/hub-adapter.ts';

/**
 * Everything a finished (or interrupted) run leaves, and the one input of every renderer in
 * reports/. JSON-serialisable; `camlab compare` reads two of these back.
 */
export const runResultSchemaVersion = 1;

export interface RequirementVerdict {
  id: string;
  title: string;
  area: Area;
  level: Level;
  verdict: Verdict;
  message: string;
  /** The effective parameters (spec defaults, tightened by the scenario). */
  params: Record<string, number>;
  measurement?: Measurement;
  evidence: Evidence[];
  traces: { source: string; feature?: string; testCase?: string }[];
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
  hubs: { instance: string; adapter: string; identity: HubIdentity; capabilities: Capability[] }[];
  startedAt: string;
  endedAt: string;
  startMs: number;
  endMs: number;
  sites: { name: string; cameras: string[] }[];
  cameras: { id: string; site: string; model: string; ptz: boolean }[];
  verdicts: RequirementVerdict[];
  summary: { pass: number; fail: number; notApplicable: number; notExercised: number; mustFailed: number };
  timeline: TimelineEvent[];
  sessions: SessionInterval[];
  alarms: AlarmInterval[];
  distributions: { latencyMs?: Distribution; reconnectMs?: Distribution };
  observationCount: number;
}
