import { speedSchema } from '../scenario/duration.ts';
import { CliError, ExitCode } from './exit-codes.ts';

/**
 * A whole-number option (`--seed 7`, `--workers 4`): digits only, within [min, max], else a
 * CliError (exit 2) naming the flag and the allowed range. `fallback` when the flag is absent.
 */
export function wholeNumberOption(
  flag: string,
  text: string | undefined,
  range: { min: number; max?: number },
): number | undefined;
export function wholeNumberOption(
  flag: string,
  text: string | undefined,
  range: { min: number; max?: number },
  fallback: number,
): number;
export function wholeNumberOption(
  flag: string,
  text: string | undefined,
  range: { min: number; max?: number },
  fallback?: number,
): number | undefined {
  if (text === undefined) return fallback;
  const n = Number(text);
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(text) || n < range.min || n > max) {
    throw new CliError(
      `${flag} expects a whole number from ${range.min}${range.max !== undefined ? ` to ${range.max}` : ' up'}, got '${text}'`,
      ExitCode.badInput,
    );
  }
  return n;
}

/** The seed range every command accepts: a 32-bit unsigned integer. */
export const seedRange = { min: 0, max: 2 ** 32 - 1 } as const;

/** A --speed value (4 or 4x), read as a scenario's `speed:` is. */
export function speedOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const speed = speedSchema.safeParse(text);
  if (!speed.success) throw new CliError(`--speed: ${speed.error.issues[0]!.message}`, ExitCode.badInput);
  return speed.data;
}
