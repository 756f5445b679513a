import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from './exit-codes.ts';
import { seedRange, speedOption, wholeNumberOption } from './number-option.ts';

describe('wholeNumberOption', () => {
  it('reads digits within the range, and the fallback when the flag is absent', () => {
    expect(wholeNumberOption('--workers', '4', { min: 0 })).toBe(4);
    expect(wholeNumberOption('--workers', undefined, { min: 0 })).toBeUndefined();
    expect(wholeNumberOption('--seed', undefined, seedRange, 1)).toBe(1);
    expect(wholeNumberOption('--seed', '4294967295', seedRange)).toBe(2 ** 32 - 1);
  });

  it.each([
    ['--seed', '-1', seedRange, "--seed expects a whole number from 0 to 4294967295, got '-1'"],
    ['--seed', '4294967296', seedRange, "--seed expects a whole number from 0 to 4294967295, got '4294967296'"],
    ['--cameras', '1.5', { min: 1 }, "--cameras expects a whole number from 1 up, got '1.5'"],
    ['--cameras', '0', { min: 1 }, "--cameras expects a whole number from 1 up, got '0'"],
    ['--workers', '1e3', { min: 0 }, "--workers expects a whole number from 0 up, got '1e3'"],
    ['--workers', ' 4', { min: 0 }, "--workers expects a whole number from 0 up, got ' 4'"],
  ])('%s %j is bad input', (flag, text, range, message) => {
    const call = () => wholeNumberOption(flag, text, range);
    expect(call).toThrow(CliError);
    expect(call).toThrow(message);
    try {
      call();
    } catch (err) {
      expect((err as CliError).exitCode).toBe(ExitCode.badInput);
    }
  });
});

describe('speedOption', () => {
  it('reads 4 and 4x as a scenario does, and refuses nonsense with exit 2', () => {
    expect(speedOption('4')).toBe(4);
    expect(speedOption('4x')).toBe(4);
    expect(speedOption(undefined)).toBeUndefined();
    expect(() => speedOption('fast')).toThrow(CliError);
  });
});
