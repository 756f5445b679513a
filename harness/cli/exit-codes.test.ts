import { describe, expect, it } from 'vitest';
import { manifests } from '../load/kubernetes/kubernetes-manifests.fixture.ts';
import { ExitCode } from './exit-codes.ts';

describe('the exit-code table where others read it', () => {
  it('the Kubernetes Jobs (run and load) fail at once on a verdict, bad input, a failed threshold or Ctrl-C, and retry only an infrastructure error', () => {
    const jobs = manifests().filter((d) => d.kind === 'Job') as unknown as {
      spec: {
        podFailurePolicy: { rules: { action: string; onExitCodes: { containerName: string; values: number[] } }[] };
        template: { spec: { containers: { name: string }[] } };
      };
    }[];
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      const rule = job.spec.podFailurePolicy.rules.find((r) => r.action === 'FailJob')!;
      expect(rule.onExitCodes.containerName).toBe(job.spec.template.spec.containers[0]!.name);
      const answers = [ExitCode.verdictFailed, ExitCode.badInput, ExitCode.thresholdsFailed, ExitCode.interrupted];
      expect([...rule.onExitCodes.values].sort((a, b) => a - b)).toEqual(answers.sort((a, b) => a - b));
      expect(rule.onExitCodes.values).not.toContain(ExitCode.infraError);
    }
  });
});
