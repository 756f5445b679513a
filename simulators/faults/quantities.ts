import { z } from 'zod';

/**
 * Quantities in fault parameters, in the same spelling a scenario file uses ('30s', '256kbit',
 * '25%'). A number given where a unit is expected means the unit in the field's name (ms, kbps).
 */
const durationUnitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const durationPattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

export function parseDurationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const m = durationPattern.exec(value.trim());
  return m === null ? undefined : Math.round(Number(m[1]) * durationUnitMs[m[2]!]!);
}

/** '500ms', '30s', '2m', '7d', or a number of milliseconds; never negative. */
export const durationMsSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDurationMs(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a duration such as '500ms', '30s' or '2m' (or milliseconds >= 0), got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return ms;
});

/** A duration that must be above zero (a fault's `for`). */
export const positiveDurationMsSchema = durationMsSchema.refine((ms) => ms > 0, {
  message: 'expected a duration above 0',
});

const rateUnitKbps: Record<string, number> = {
  bit: 0.001,
  bps: 0.001,
  kbit: 1,
  kbps: 1,
  mbit: 1_000,
  mbps: 1_000,
  gbit: 1_000_000,
  gbps: 1_000_000,
};
const ratePattern = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/;

export function parseRateKbps(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  const m = ratePattern.exec(value.trim().toLowerCase());
  if (m === null) return undefined;
  const unit = rateUnitKbps[m[2]!];
  if (unit === undefined) return undefined;
  const kbps = Number(m[1]) * unit;
  return kbps > 0 ? kbps : undefined;
}

/** '256kbit', '2mbit', '1.5Mbps', or a number of kbit/s; above zero. */
export const rateKbpsSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const kbps = parseRateKbps(value);
  if (kbps === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a rate above 0 such as '256kbit', '2mbit' or a number of kbit/s, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return kbps;
});

/** '25%' or a ratio such as 0.25; above 0, at most 1. */
export const shareSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === 'string' ? value.trim() : '';
  const n = typeof value === 'number' ? value : text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 1) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a share such as '25%' (above 0%, at most 100%) or 0.25, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return n;
});

/** A probability: '5%' or 0.05; from 0 to 1 inclusive. */
export const ratioSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === 'string' ? value.trim() : '';
  const n = typeof value === 'number' ? value : text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a ratio from 0 to 1 such as 0.05 or '5%', got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return n;
});
