import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenario/load-scenario.ts';
import { defaultScenarioContext } from '../../scenario/default-scenario-context.ts';
import { demoScenarioFile } from '../../demo/demo-scenario.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { command } from './demo.ts';

describe('camlab demo --hub', () => {
  it('refuses a hub it does not know before starting anything (exit 2)', async () => {
    const run = command.run(['--hub', 'no-such-hub']);
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toMatchObject({
      exitCode: ExitCode.badInput,
      message: expect.stringContaining("'no-such-hub'"),
    });
  });

  it("gives both control rooms the hub named, keeping the rehearsal's instances and handover", async () => {
    // What the demo loads with --hub zoneminder (loading starts nothing).
    const loaded = await loadScenario(demoScenarioFile, defaultScenarioContext(), { speed: 4, hub: 'zoneminder' });
    expect(loaded.plan.hubs.map((h) => [h.instance, h.adapter])).toEqual([
      ['police', 'zoneminder'],
      ['council', 'zoneminder'],
    ]);
    expect(loaded.plan.steps.some((s) => s.type === 'handover')).toBe(true);
  });
});
