import { z } from 'zod';
import type { ObservationKind } from '../observations/observation.ts';

const epochMs = z.string().regex(/^\d+$/, 'expected epoch milliseconds, e.g. 1764090000000').transform(Number);

/** Query string of GET /api/observations and its stream: ?camera=&kind=a,b&since=&until=&limit= */
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
    limit: z
      .string()
      .regex(/^\d+$/, 'expected a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100_000, { message: 'expected 1..100000' })
      .optional(),
  })
  .strict();
export type ObservationQueryParams = z.output<typeof observationQuerySchema>;
