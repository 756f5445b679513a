import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunResult } from '../../../../reports/run-result.ts';
import type { Verdict } from '../../../spec/requirement.ts';
import { runToResult } from '../../../e2e/camlab-cli.fixture.ts';
import { labScenario } from './lab-scenario.ts';

export interface VerdictCase {
  scenario: string;
  speed: number;
  /** What the hub really does, requirement by requirement; timing-sensitive ones are left out. */
  verdicts: Record<string, Verdict>;
  exitCode: number;
  /** Third octet of the first 127.16.x.0/24 site block. */
  firstBlock: number;
}

/**
 * Plays a shipped scenario (on lab-sized cameras) against `hub` with `camlab run`, as a user
 * would, and checks the verdicts that are the hub's real, structural behaviour. A harness change
 * that flips one of them fails the build.
 */
export async function expectVerdicts(c: VerdictCase, hub: string, dir: string): Promise<RunResult> {
  const file = await labScenario(c.scenario, dir, hub, c.firstBlock);
  const reportDir = join(dir, `${c.scenario}-${hub}-report`);
  const { code, result, stderr } = await runToResult(
    ['run', file, '--speed', String(c.speed), '--report', reportDir, '--format', 'none'],
    reportDir,
  );
  const got = Object.fromEntries(
    Object.keys(c.verdicts).map((id) => [id, result.verdicts.find((v) => v.id === id)?.verdict]),
  );
  const messages = result.verdicts.map((v) => `${v.id} ${v.verdict}: ${v.message}`).join('\n');
  expect(got, `${c.scenario} on ${hub}:\n${messages}\n${stderr.slice(-2000)}`).toEqual(c.verdicts);
  expect(result.status).toBe('complete');
  expect(code).toBe(c.exitCode);
  return result;
}
