import { z } from 'zod';

/**
 * A procurement profile: the buyer's file, never the vendor's scenario. It says which
 * requirements the tender does not need (each with a written reason), the procurement inputs
 * the specification leaves to the buyer, and thresholds it tightens beyond the specification.
 */
export const profileSchema = z
  .object({
    name: z.string().min(1),
    /** Who owns the profile (a force's procurement team); shown in every report. */
    owner: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Requirement id (checked against the specification by loadProfile) -> why the tender does not need it. */
    waivers: z.record(z.string(), z.string().trim().min(1, 'a waiver needs a written reason')).default({}),
    procurement: z
      .object({
        /** HUB-LOAD-03's N: how many streams the hub must play at once for this estate. */
        concurrentStreams: z.number().int().min(1).optional(),
      })
      .strict()
      .default({}),
    /** Requirement id -> parameter -> a value stricter than the specification's. */
    tighten: z.record(z.string(), z.record(z.string(), z.number())).default({}),
  })
  .strict();

export type Profile = z.output<typeof profileSchema>;
export type Procurement = Profile['procurement'];
