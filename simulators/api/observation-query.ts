import { z } from 'zod';
import type { ObservationKind } from '../observations/observation.ts';

const epochMs = z.string().regex(/^\d+$/, 'expected epoch milliseconds, e.g. 1764090000000').transform(Number);

/** The most observations one answer holds, and what it holds without a `limit`. */
export const maxObservationsPerAnswer = 100_000;

/**
 * Query string of GET /api/observations and its stream: ?camera=&kind=a,b&since=&until=&from=&limit=
 * (`from`: a sequence number, the position in record order the answer's `camlab-next-from`
 * header and the stream's event ids give).
 */
export const observationQuerySchema = z
  .object({
    camera: z.string().min(1).optional(),
    kind: z
      .string()
      .min(1)
      .transform((k) => k.split(',').map((s) => s.trim()) as ObservationKind[])
      .optional(),
    since: epochMs.optional(),
    until: epochMs.optional(),
    from: z
      .string()
      .regex(/^\d+$/, 'expected a sequence number (0 for the first observation)')
      .transform(Number)
      .optional(),
    limit: z
      .string()
      .regex(/^\d+$/, 'expected a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= maxObservationsPerAnswer, { message: `expected 1..${maxObservationsPerAnswer}` })
      .optional(),
  })
  .strict();
export type ObservationQueryParams = z.output<typeof observationQuerySchema>;
