import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.ts';
import { loadExitCode } from './load.ts';

describe('loadExitCode', () => {
  it("follows k6: infrastructure 3 and Ctrl-C 130 first, then 99 for a failed or aborting threshold, then the run's code", () => {
    expect(loadExitCode(ExitCode.ok, 'finished', { thresholdsFailed: true })).toBe(99);
    expect(loadExitCode(ExitCode.verdictFailed, 'finished', { thresholdsFailed: true })).toBe(99);
    expect(
      loadExitCode(ExitCode.interrupted, 'interrupted', {
        thresholdsFailed: false,
        abortedBy: "threshold 'delivered>=0.99' (abortOnFail) failed in stage 2",
      }),
    ).toBe(99);
    expect(loadExitCode(ExitCode.interrupted, 'interrupted', { thresholdsFailed: true })).toBe(130);
    expect(loadExitCode(ExitCode.infraError, 'infrastructure', { thresholdsFailed: true })).toBe(3);
    expect(loadExitCode(ExitCode.verdictFailed, 'finished', { thresholdsFailed: false })).toBe(1);
    expect(loadExitCode(ExitCode.ok, 'finished', { thresholdsFailed: false })).toBe(0);
  });
});
