import { z } from 'zod';
import type { RunResult } from '../../reports/run-result.ts';

/**
 * The zod mirror of RunResult, for reading result.json files back at the edge (`camlab
 * compare`). Strict like every external input: a field this version does not know is an error,
 * not silently ignored. The type assertion at the bottom breaks `tsc` when run-result.ts changes
 * (beyond a new optional field) without this schema following it.
 */
const level = z.enum(['MUST', 'SHOULD']);
// Areas and capabilities grow with the specification and the adapters; reports only print them.
const area = z.string().min(1);
const verdict = z.enum(['PASS', 'FAIL', 'NOT APPLICABLE', 'NOT EXERCISED']);

const measurement = z
  .object({
    name: z.string(),
    value: z.number(),
    unit: z.enum(['ms', 'ratio', 'count', 'per-second', 'kbps']),
    threshold: z.number(),
    op: z.enum(['<=', '>=', '<', '>', '==']),
  })
  .strict();

const evidence = z
  .object({
    camera: z.string().optional(),
    hub: z.string().optional(),
    atMs: z.number().optional(),
    fromMs: z.number().optional(),
    toMs: z.number().optional(),
    text: z.string(),
  })
  .strict();

const requirementVerdict = z
  .object({
    id: z.string(),
    title: z.string(),
    area,
    level,
    verdict,
    message: z.string(),
    params: z.record(z.string(), z.number()),
    measurement: measurement.optional(),
    evidence: z.array(evidence),
    traces: z.array(
      z.object({ source: z.string(), feature: z.string().optional(), testCase: z.string().optional() }).strict(),
    ),
    waiver: z.object({ reason: z.string() }).strict().optional(),
  })
  .strict();

/** StageHeadroomFigures (reports/run-result.ts): a stage's and each process's. */
const stageHeadroomFigures = {
  loopDelayP99Ms: z.number(),
  loopUtilization: z.number(),
  workerLoopUtilizationMax: z.number(),
  cpuCores: z.number(),
  coresAvailable: z.number(),
  framesSkipped: z.number(),
};

const loadSummary = z
  .object({
    stages: z.array(
      z
        .object({
          index: z.number(),
          cameras: z.number(),
          held: z.number(),
          deliveredRatio: z.number().optional(),
          framesSent: z.number(),
          framesDropped: z.number(),
          sessionDrops: z.number(),
          latencyP95Ms: z.number().optional(),
          latencyP50Ms: z.number().optional(),
          latencyP99Ms: z.number().optional(),
          hubCpuCores: z.number().optional(),
          simulator: z
            .object({
              ...stageHeadroomFigures,
              processes: z
                .array(z.object({ process: z.string(), host: z.string(), ...stageHeadroomFigures }).strict())
                .optional(),
            })
            .strict(),
          simulatorLimited: z.array(z.string()),
          thresholds: z.array(
            z
              .object({
                threshold: z.string(),
                measured: z.number().optional(),
                result: z.enum(['pass', 'fail', 'not measured', 'not judged']),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    knee: z.string(),
    degradedAtStage: z.number().optional(),
    degradedReasons: z.array(z.string()).optional(),
    thresholdsFailed: z.boolean(),
    abortedBy: z.string().optional(),
    advice: z.string().optional(),
  })
  .strict();

const distribution = z
  .object({
    count: z.number(),
    min: z.number(),
    p50: z.number(),
    p90: z.number(),
    p99: z.number(),
    max: z.number(),
    samples: z.array(z.number()),
  })
  .strict();

export const runResultSchema = z
  .object({
    schemaVersion: z.literal(2),
    camlabVersion: z.string(),
    specVersion: z.string(),
    status: z.enum(['complete', 'partial']),
    partialReason: z.string().optional(),
    scenario: z
      .object({
        name: z.string(),
        file: z.string().optional(),
        seed: z.number(),
        speed: z.number(),
        source: z.string(),
        description: z.string().optional(),
      })
      .strict(),
    hubs: z.array(
      z
        .object({
          instance: z.string(),
          adapter: z.string(),
          identity: z
            .object({ name: z.string(), vendor: z.string().optional(), version: z.string().optional() })
            .strict(),
          capabilities: z.array(z.string().min(1)),
        })
        .strict(),
    ),
    startedAt: z.string(),
    endedAt: z.string(),
    startMs: z.number(),
    endMs: z.number(),
    sites: z.array(z.object({ name: z.string(), cameras: z.array(z.string()) }).strict()),
    cameras: z.array(z.object({ id: z.string(), site: z.string(), model: z.string(), ptz: z.boolean() }).strict()),
    verdicts: z.array(requirementVerdict),
    summary: z
      .object({
        pass: z.number(),
        fail: z.number(),
        notApplicable: z.number(),
        notExercised: z.number(),
        mustFailed: z.number(),
        waived: z.number(),
      })
      .strict(),
    outcome: z
      .object({ verdict: z.enum(['PASS', 'FAIL', 'INCONCLUSIVE', 'INCOMPLETE']), waived: z.number(), text: z.string() })
      .strict(),
    profile: z
      .object({
        name: z.string(),
        owner: z.string().optional(),
        file: z.string(),
        sha256: z.string(),
        procurement: z.object({ concurrentStreams: z.number().optional() }).strict(),
        waivers: z.record(z.string(), z.string()),
      })
      .strict()
      .optional(),
    inputs: z.array(
      z
        .object({ role: z.enum(['scenario', 'fleet', 'profile', 'adapter']), path: z.string(), sha256: z.string() })
        .strict(),
    ),
    timeline: z.array(
      z
        .object({
          atMs: z.number(),
          type: z.string(),
          label: z.string(),
          site: z.string().optional(),
          cameras: z.array(z.string()).optional(),
        })
        .strict(),
    ),
    sessions: z.array(
      z
        .object({
          camera: z.string(),
          site: z.string(),
          client: z.string(),
          user: z.string().optional(),
          profile: z.enum(['main', 'sub']),
          startMs: z.number(),
          endMs: z.number().optional(),
        })
        .strict(),
    ),
    alarms: z.array(
      z
        .object({
          camera: z.string(),
          site: z.string(),
          hub: z.string(),
          alarm: z.string(),
          raisedMs: z.number(),
          clearedMs: z.number().optional(),
        })
        .strict(),
    ),
    distributions: z.object({ latencyMs: distribution.optional(), reconnectMs: distribution.optional() }).strict(),
    observationCount: z.number(),
    observationsDropped: z.number().optional(),
    load: loadSummary.optional(),
  })
  .strict();

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Compile-time only: fails when RunResult gains a required field or changes a type this schema lacks.
export const runResultSchemaMatchesType: MutuallyAssignable<z.output<typeof runResultSchema>, RunResult> = true;
