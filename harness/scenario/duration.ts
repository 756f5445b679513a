import { z } from 'zod';
import { parseDurationMs } from '../../simulators/faults/quantities.ts';

/** Durations and shares are spelled as in the fault library ('30s', '25%'), one vocabulary. */
export { parseDurationMs, shareSchema } from '../../simulators/faults/quantities.ts';

const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Renders milliseconds back in the largest unit that keeps it whole ('90s', '2m', '250ms'). */
export function formatDurationMs(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    const size = unitMs[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * A duration in a scenario: a string with a unit ('30s', '2m', '500ms'). A bare number is
 * refused because '30' could mean seconds or milliseconds, and the wrong guess passes silently.
 */
export const durationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'string' ? parseDurationMs(value) : undefined;
  if (ms === undefined) {
    const hint = typeof value === 'number' ? ' (a bare number; add its unit)' : '';
    ctx.addIssue({
      code: 'custom',
      message: `expected a duration such as '500ms', '30s', '2m' or '1h', got '${value}'${hint}`,
    });
    return z.NEVER;
  }
  return ms;
});

/** A playback speed: a positive number or '4x'. Speeds above 1000 would turn seconds into microseconds. */
export const speedSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const n = typeof value === 'number' ? value : Number(value.trim().replace(/x$/i, ''));
  if (!Number.isFinite(n) || n <= 0 || n > 1000) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a speed between 0 (exclusive) and 1000, such as 4 or '4x', got '${String(value)}'`,
    });
    return z.NEVER;
  }
  return n;
});
