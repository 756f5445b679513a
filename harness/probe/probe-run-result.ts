import type { Observation } from '../../simulators/observations/observation.ts';
import { runResultSchemaVersion, type RunResult } from '../../reports/run-result.ts';
import type { RunFacts } from '../spec/requirement.ts';
import { specification } from '../spec/specification.ts';
import { evaluate } from '../verdicts/evaluate.ts';
import { runOutcome } from '../verdicts/run-outcome.ts';
import { summarize } from '../verdicts/summarize.ts';

export interface ProbeRun {
  url: string;
  label: string;
  camlabVersion: string;
  startMs: number;
  endMs: number;
  observations: readonly Observation[];
  /** What the probe noticed beside the verdicts (addresses rebased, SOAP 1.1, clock skew). */
  notes?: readonly string[];
  /** Why the probe stopped early (Ctrl-C): the result is partial. */
  partialReason?: string;
}

/** Judges a probe's observations against the device side of the specification, as a RunResult the reports render. */
export function probeRunResult(p: ProbeRun): RunResult {
  const info = p.observations.find(
    (o) => o.kind === 'probe.result' && o.step === 'GetDeviceInformation' && o.outcome === 'ok',
  );
  const model = info?.kind === 'probe.result' ? info.detail : 'unknown';
  const ptz = p.observations.some(
    (o) => o.kind === 'probe.result' && o.step === 'ptz.move-stop' && o.outcome !== 'unsupported',
  );
  const cameras = [{ id: p.label, site: 'probe', model, ptz }];
  const run: RunFacts = { startMs: p.startMs, endMs: p.endMs, cameras, hubs: [] };
  const verdicts = evaluate({
    requirements: specification.requirements.filter((r) => r.side === 'device'),
    overrides: {},
    observations: p.observations,
    run,
    capabilities: new Set(),
  });
  return {
    schemaVersion: runResultSchemaVersion,
    camlabVersion: p.camlabVersion,
    specVersion: specification.version,
    status: p.partialReason === undefined ? 'complete' : 'partial',
    ...(p.partialReason !== undefined ? { partialReason: p.partialReason } : {}),
    scenario: {
      name: 'device probe',
      seed: 0,
      speed: 1,
      source: `camlab probe ${p.url}`,
      description: `Device-side requirements checked against ${p.url}${p.notes !== undefined && p.notes.length > 0 ? `. Notes: ${p.notes.join('; ')}` : ''}`,
    },
    hubs: [],
    startedAt: new Date(p.startMs).toISOString(),
    endedAt: new Date(p.endMs).toISOString(),
    startMs: p.startMs,
    endMs: p.endMs,
    sites: [{ name: 'probe', cameras: [p.label] }],
    cameras,
    verdicts,
    summary: summarize(verdicts),
    outcome: runOutcome({ status: 'complete', verdicts }),
    // A probe reads a device, not files.
    inputs: [],
    timeline: [],
    sessions: [],
    alarms: [],
    distributions: {},
    observationCount: p.observations.length,
  };
}
