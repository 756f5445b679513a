import { z } from 'zod';
import { durationSchema } from '../scenario/duration.ts';
import { parseThreshold, ThresholdParseError } from './threshold.ts';

const thresholdText = z.string().transform((text, ctx) => {
  try {
    return parseThreshold(text);
  } catch (err) {
    if (!(err instanceof ThresholdParseError)) throw err;
    ctx.addIssue({ code: 'custom', message: `threshold '${text}' at column ${err.column}: ${err.reason}` });
    return z.NEVER;
  }
});

/** A threshold in a load file: the expression alone, or with k6's abortOnFail and delayAbortEval. */
const loadThresholdSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { threshold: value } : value),
  z
    .object({
      threshold: thresholdText,
      /** Stop the ramp at the end of the first exercised stage that fails this threshold. */
      abortOnFail: z.boolean().default(false),
      /** With abortOnFail: stages ending before this much of the ramp has run are not used to abort. */
      delayAbortEval: durationSchema.optional(),
    })
    .strict()
    .transform(({ threshold, abortOnFail, delayAbortEval }) => ({
      threshold,
      abortOnFail,
      delayAbortEvalMs: delayAbortEval ?? 0,
    })),
);
export type LoadThreshold = z.output<typeof loadThresholdSchema>;

/**
 * A load file (`camlab load FILE`): the ramp, its thresholds, the fleet camlab serves and the hub
 * it loads. Command-line options given beside the file win over it.
 */
export const loadFileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** A hub adapter name or file, as `--hub`. */
    hub: z.string().min(1).default('nms'),
    fleet: z
      .object({
        /** Worker threads serving the cameras (`--workers`); 0 serves them on the main thread. */
        workers: z.number().int().min(0).optional(),
        seed: z.number().int().min(0).optional(),
        /** The site name the generated cameras belong to. */
        site: z.string().min(1).default('load'),
        /**
         * The control APIs of `camlab sim --shard I/N` processes serving the fleet (`--shards`): the
         * ramp loads their cameras, and each shard's own headroom is judged per stage.
         */
        shards: z
          .array(
            z.url({
              protocol: /^https?$/,
              error: 'expected an http(s) URL such as http://camlab-sim-0.camlab-sim:8080',
            }),
          )
          .min(1)
          .refine((urls) => new Set(urls).size === urls.length, { message: 'expected each shard once' })
          .optional(),
      })
      .strict()
      .refine((f) => f.shards === undefined || f.workers === undefined, {
        message: 'give workers or shards, not both: the shards run their own workers (camlab sim --workers)',
        path: ['workers'],
      })
      .default({ site: 'load' }),
    stages: z
      .array(z.object({ cameras: z.number().int().min(1), hold: durationSchema }).strict())
      .min(1)
      .superRefine((stages, ctx) => {
        stages.forEach((s, i) => {
          if (i > 0 && s.cameras <= stages[i - 1]!.cameras) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'cameras'],
              message: `expected more than stage ${i}'s ${stages[i - 1]!.cameras} cameras (a ramp only rises), got ${s.cameras}`,
            });
          }
        });
      }),
    /** Time into each stage before frames are counted (default: a third of the stage, at most 10s). */
    settle: durationSchema.optional(),
    thresholds: z.array(loadThresholdSchema).default([]),
  })
  .strict();

export type LoadFile = z.output<typeof loadFileSchema>;
