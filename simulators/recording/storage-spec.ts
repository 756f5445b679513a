import { z } from 'zod';
import { durationMsSchema } from '../faults/quantities.ts';

/** Decimal units, as disks and SD cards are sold: 128GB is 128 x 10^9 bytes. */
const byteUnits: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };
const capacityPattern = /^(\d+(?:\.\d+)?)\s*([kmgt]?b)$/;

export function parseCapacityBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  const m = capacityPattern.exec(value.trim().toLowerCase());
  if (m === null) return undefined;
  const bytes = Number(m[1]) * byteUnits[m[2]!]!;
  return bytes > 0 ? bytes : undefined;
}

/** '128GB', '4TB', '512MB', or a number of bytes; above zero. */
export const capacityBytesSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const bytes = parseCapacityBytes(value);
  if (bytes === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a capacity above 0 such as '128GB', '4TB' or a number of bytes, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return bytes;
});

/** A retention such as '30d' or '72h': recordings older than this are deleted. */
export const retentionMsSchema = durationMsSchema.refine((ms) => ms > 0, {
  message: 'expected a retention above 0, such as 30d',
});

/**
 * A camera model's edge storage (an SD card): its size, the profile it records (main by
 * default, as cameras ship) and an optional retention. The card records through a network
 * outage and overwrites its oldest data when full.
 */
export const edgeStorageSchema = z
  .object({
    capacity: capacityBytesSchema,
    profile: z.enum(['main', 'sub']).default('main'),
    retention: retentionMsSchema.optional(),
  })
  .strict();
export type EdgeStorageSpec = z.output<typeof edgeStorageSchema>;
