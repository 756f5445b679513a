import { describe, expect, it } from 'vitest';
import { manifests } from '../load/kubernetes/kubernetes-manifests.fixture.ts';
import { ExitCode } from './exit-codes.ts';

describe('the exit-code table where others read it', () => {
  it('the Kubernetes Job fails at once on a verdict, bad input, a failed threshold or Ctrl-C, and retries only an infrastructure error', () => {
    const job = manifests().find((d) => d.kind === 'Job') as {
      spec: {
        podFailurePolicy: { rules: { action: string; onExitCodes: { containerName: string; values: number[] } }[] };
        template: { spec: { containers: { name: string }[] } };
      };
    };
    const rule = job.spec.podFailurePolicy.rules.find((r) => r.action === 'FailJob')!;
    expect(rule.onExitCodes.containerName).toBe(job.spec.template.spec.containers[0]!.name);
    const answers = [ExitCode.verdictFailed, ExitCode.badInput, ExitCode.thresholdsFailed, ExitCode.interrupted];
    expect([...rule.onExitCodes.values].sort((a, b) => a - b)).toEqual(answers.sort((a, b) => a - b));
    expect(rule.onExitCodes.values).not.toContain(ExitCode.infraError);
  });
});
