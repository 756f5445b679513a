import { StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { manifests } from './kubernetes-manifests.fixture.ts';

function validate(doc: Record<string, unknown>): void {
  switch (`${String(doc.apiVersion)}/${String(doc.kind)}`) {
    case 'apps/v1/StatefulSet':
      return new StatefulSet(doc as never).validate();
    case 'batch/v1/Job':
      return new Job(doc as never).validate();
    case 'v1/Service':
      return new Service(doc as never).validate();
    case 'v1/Secret':
      return new Secret(doc as never).validate();
    default:
      throw new Error(`no schema here for ${String(doc.apiVersion)} ${String(doc.kind)}`);
  }
}

const byKind = (kind: string): unknown => manifests().find((d) => d.kind === kind);

describe('the Kubernetes manifests', () => {
  it("validate against Kubernetes' own schemas (kubernetes-models)", () => {
    const docs = manifests();
    expect(docs.map((d) => d.kind)).toEqual(['Secret', 'Service', 'StatefulSet', 'Job']);
    for (const d of docs) expect(() => validate(d)).not.toThrow();
  });

  it('are checked for real: a broken StatefulSet fails validation', () => {
    const broken = structuredClone(byKind('StatefulSet')) as { spec: { replicas: unknown } };
    broken.spec.replicas = 'three';
    expect(() => validate(broken as never)).toThrow(/replicas must be integer/);
  });

  it("agree with each other: the pod ordinal is the shard index, replicas is the shard count, and the Job asks every shard's DNS name", () => {
    const sts = byKind('StatefulSet') as {
      spec: {
        replicas: number;
        serviceName: string;
        template: {
          spec: {
            containers: { args: string[]; env: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[] }[];
          };
        };
      };
    };
    const container = sts.spec.template.spec.containers[0]!;
    const shard = container.args[container.args.indexOf('--shard') + 1];
    expect(shard).toBe(`$(POD_INDEX)/${sts.spec.replicas}`);
    expect(container.env.find((e) => e.name === 'POD_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe(
      "metadata.labels['apps.kubernetes.io/pod-index']",
    );
    const service = byKind('Service') as { metadata: { name: string }; spec: { clusterIP: string } };
    expect(service.spec.clusterIP).toBe('None');
    expect(service.metadata.name).toBe(sts.spec.serviceName);
    const job = byKind('Job') as {
      spec: { template: { spec: { initContainers: { env: { name: string; value?: string }[] }[] } } };
    };
    const apis = job.spec.template.spec.initContainers[0]!.env.find((e) => e.name === 'SHARD_APIS')!.value!.split(' ');
    expect(apis).toEqual(
      Array.from({ length: sts.spec.replicas }, (_, i) => `http://camlab-sim-${i}.${service.metadata.name}:8080`),
    );
  });
});
