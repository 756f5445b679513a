import { z } from 'zod';
import { faultTargetSchema } from './fault-target.ts';
import { positiveDurationMsSchema } from './quantities.ts';

/**
 * A request to apply a fault, as POST /api/faults takes it and a scenario's timeline builds it:
 * `{ kind: 'outage', target: { site: 'slough', share: '25%' }, params: { mode: 'power' }, for: '60s' }`.
 */
export const faultRequestSchema = z
  .object({
    kind: z.string().min(1),
    target: faultTargetSchema,
    params: z.record(z.string(), z.unknown()).default({}),
    /** Clears itself after this long ('60s', or milliseconds); absent means until cleared. */
    for: positiveDurationMsSchema.optional(),
    /** Overrides the seed for share selection and random faults (default: fleet seed + fault number). */
    seed: z.number().int().optional(),
  })
  .strict();
export type FaultRequest = z.input<typeof faultRequestSchema>;
export type ParsedFaultRequest = z.output<typeof faultRequestSchema>;

/** A fault as listed by GET /api/faults. */
export interface FaultInfo {
  id: string;
  kind: string;
  target: ParsedFaultRequest['target'];
  params: Record<string, unknown>;
  cameras: string[];
  appliedAtMs: number;
  clearsAtMs?: number;
}

/** A validated fault on its way to the processes serving its cameras. */
export interface ResolvedFault {
  id: string;
  kind: string;
  /** The params as given: each process validates them again with the kind's schema. */
  params: Record<string, unknown>;
  cameras: string[];
  seed: number;
  targetCountBySite: Record<string, number>;
}

/** Whatever applies resolved faults to cameras: in-process, or forwarded to fleet workers. */
export interface FaultExecutor {
  apply(fault: ResolvedFault): Promise<void>;
  clear(id: string): Promise<void>;
}
