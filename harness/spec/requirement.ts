import type { Observation, ObservationKind } from '../../simulators/observations/observation.ts';
import type { Evidence, Level, Measurement, MeasurementUnit, Verdict } from '../../reports/run-result.ts';
import type { Capability } from '../hubs/hub-adapter.ts';

// The verdict vocabulary is the report format's (reports/run-result.ts); checks speak it.
export type { Evidence, Level, Measurement, Verdict };

export type Area =
  | 'DISCOVERY'
  | 'AUTH'
  | 'STREAM'
  | 'RESILIENCE'
  | 'PTZ'
  | 'BANDWIDTH'
  | 'HANDOVER'
  | 'RECORDING'
  | 'LOAD'
  | 'EVENTS'
  | 'DEVICE';

/** A threshold a procurement can tighten. Units live in the name and in `unit`. */
export interface ParamDef {
  default: number;
  unit: MeasurementUnit;
  description: string;
  /** Which way is stricter, so a scenario can only tighten, never loosen, a MUST. */
  stricter: 'lower' | 'higher';
}

/** Where a requirement comes from: an ONVIF test specification case, or the force's own text. */
export interface Trace {
  source: string; // e.g. 'ONVIF Profile S Client Test Specification'
  feature?: string;
  testCase?: string;
}

/**
 * What a check returns. The verdict layer adds NOT APPLICABLE from adapter capabilities; a device
 * check returns it itself when the probed device declares it does not offer the feature.
 */
export interface CheckOutcome {
  verdict: Verdict;
  message: string;
  measurement?: Measurement;
  evidence: Evidence[];
}

export interface RunFacts {
  startMs: number;
  endMs: number;
  cameras: readonly { id: string; site: string; model: string; ptz: boolean }[];
  /** Hub instance names in this run (one, or two for a handover). */
  hubs: readonly string[];
  /**
   * The user each hub instance has on the cameras, which is how camera-side observations are
   * told apart per hub. Absent entries mean the user is named after the instance.
   */
  hubUsers?: Readonly<Record<string, string>>;
}

export interface CheckContext<P extends Record<string, number> = Record<string, number>> {
  observations: readonly Observation[];
  params: P;
  run: RunFacts;
}

export interface Requirement<P extends Record<string, number> = Record<string, number>> {
  id: string; // e.g. 'HUB-RES-02'
  area: Area;
  title: string;
  rationale: string;
  level: Level;
  side: 'hub' | 'device';
  params: { [K in keyof P]: ParamDef };
  needs: { observations: readonly ObservationKind[]; capabilities: readonly Capability[] };
  traces: readonly Trace[];
  /** Reads only observations; never touches a socket. */
  check(ctx: CheckContext<P>): CheckOutcome;
}
