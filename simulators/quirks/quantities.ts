import { z } from 'zod';
import { parseDurationMs } from '../faults/quantities.ts';

/** A signed duration ('-90s', '2h', or milliseconds): a clock may run behind or ahead. */
export const signedDurationMsSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const negative = typeof value === 'string' ? value.trim().startsWith('-') : value < 0;
  const magnitude =
    typeof value === 'string'
      ? parseDurationMs(value.trim().replace(/^-/, ''))
      : Number.isFinite(value)
        ? Math.abs(value)
        : undefined;
  if (magnitude === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a duration such as '-90s', '2h' or milliseconds, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return negative ? -magnitude : magnitude;
});

export { durationMsSchema } from '../faults/quantities.ts';

/** ONVIF operation names (GetProfiles, ContinuousMove ...). */
export const operationNamesSchema = z.array(
  z.string().regex(/^[A-Za-z]+$/, 'an ONVIF operation name such as GetProfiles'),
);

/** Whether a quirk's `operations` list names an operation; an empty list names every one. */
export function operationMatcher(operations: readonly string[]): (operation: string) => boolean {
  if (operations.length === 0) return () => true;
  const set = new Set(operations);
  return (operation) => set.has(operation);
}
