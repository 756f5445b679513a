import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { fleetFromCount } from '../../../simulators/fleet/fleet-schema.ts';
import { fleetMismatch } from '../../runner/shards/connect-shards.ts';
import { defaultScenarioContext, fleetLayout } from '../../scenario/default-scenario-context.ts';
import { loadScenario } from '../../scenario/load-scenario.ts';
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
    case 'v1/ConfigMap':
      return new ConfigMap(doc as never).validate();
    case 'v1/PersistentVolumeClaim':
      return new PersistentVolumeClaim(doc as never).validate();
    default:
      throw new Error(`no schema here for ${String(doc.apiVersion)} ${String(doc.kind)}`);
  }
}

const byKind = (kind: string): unknown => manifests().find((d) => d.kind === kind);

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  args: string[];
  command: string[];
  env: EnvVar[];
  volumeMounts?: { name: string; mountPath: string }[];
}
const sts = () =>
  byKind('StatefulSet') as {
    spec: { replicas: number; serviceName: string; template: { spec: { containers: Container[] } } };
  };
const job = () =>
  byKind('Job') as {
    spec: {
      podFailurePolicy: { rules: { action: string; onExitCodes: { containerName: string; values: number[] } }[] };
      template: {
        spec: {
          initContainers: Container[];
          containers: Container[];
          volumes: { name: string; configMap?: { name: string }; persistentVolumeClaim?: { claimName: string } }[];
        };
      };
    };
  };
const envOf = (c: Container, name: string): string | undefined => c.env.find((e) => e.name === name)?.value;

describe('the Kubernetes manifests', () => {
  it("validate against Kubernetes' own schemas (kubernetes-models)", () => {
    const docs = manifests();
    expect(docs.map((d) => d.kind)).toEqual([
      'Secret',
      'Service',
      'StatefulSet',
      'ConfigMap',
      'PersistentVolumeClaim',
      'Job',
    ]);
    for (const d of docs) expect(() => validate(d)).not.toThrow();
  });

  it('are checked for real: a broken StatefulSet and a broken Job fail validation', () => {
    const broken = structuredClone(byKind('StatefulSet')) as { spec: { replicas: unknown } };
    broken.spec.replicas = 'three';
    expect(() => validate(broken as never)).toThrow(/replicas must be integer/);
    const brokenJob = structuredClone(job()) as unknown as {
      spec: { podFailurePolicy: { rules: { onExitCodes: { operator: string } }[] } };
    };
    brokenJob.spec.podFailurePolicy.rules[0]!.onExitCodes.operator = 'Among';
    expect(() => validate(brokenJob as never)).toThrow(/operator/);
  });

  it("agree with each other: the pod ordinal is the shard index, replicas is the shard count, and the Job asks every shard's DNS name", () => {
    const container = sts().spec.template.spec.containers[0]!;
    const shard = container.args[container.args.indexOf('--shard') + 1];
    expect(shard).toBe(`$(POD_INDEX)/${sts().spec.replicas}`);
    expect(container.env.find((e) => e.name === 'POD_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe(
      "metadata.labels['apps.kubernetes.io/pod-index']",
    );
    const service = byKind('Service') as { metadata: { name: string }; spec: { clusterIP: string } };
    expect(service.spec.clusterIP).toBe('None');
    expect(service.metadata.name).toBe(sts().spec.serviceName);
    const apis = Array.from(
      { length: sts().spec.replicas },
      (_, i) => `http://camlab-sim-${i}.${service.metadata.name}:8080`,
    ).join(' ');
    const { initContainers, containers } = job().spec.template.spec;
    // The init container waits for the same shards the run drives.
    expect(envOf(initContainers[0]!, 'SHARD_APIS')).toBe(apis);
    expect(envOf(containers[0]!, 'SHARD_APIS')).toBe(apis);
    for (const c of [container, initContainers[0]!, containers[0]!])
      expect(c.env.find((e) => e.name === 'CAMLAB_API_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
        name: (byKind('Secret') as { metadata: { name: string } }).metadata.name,
        key: 'token',
      });
  });

  it('the Job runs the scenario over the shards and writes its reports to the claimed volume', () => {
    const { containers, volumes } = job().spec.template.spec;
    const run = containers[0]!;
    expect(run.command[2]).toMatch(/camlab sim --merge /);
    expect(run.command[2]).toMatch(/exec camlab run "\$SCENARIO" .*--shards .*--report "\$REPORT_DIR"/);
    const mountOf = (volume: string) => run.volumeMounts!.find((m) => m.name === volume)!.mountPath;
    expect(envOf(run, 'REPORT_DIR')!.startsWith(`${mountOf('reports')}/`)).toBe(true);
    expect(volumes.find((v) => v.name === 'reports')?.persistentVolumeClaim?.claimName).toBe(
      (byKind('PersistentVolumeClaim') as { metadata: { name: string } }).metadata.name,
    );
    expect(envOf(run, 'SCENARIO')).toBe(`${mountOf('scenario')}/scenario.yaml`);
    expect(volumes.find((v) => v.name === 'scenario')?.configMap?.name).toBe(
      (byKind('ConfigMap') as { metadata: { name: string } }).metadata.name,
    );
    // Which exit codes fail the Job at once is checked against the one exit-code table in harness/cli/exit-codes.test.ts.
  });

  it("the ConfigMap's scenario is valid and its fleet is the one the StatefulSet's shards serve", async () => {
    const container = sts().spec.template.spec.containers[0]!;
    const cameras = Number(container.args[container.args.indexOf('--cameras') + 1]);
    const scenarioYaml = (byKind('ConfigMap') as { data: Record<string, string> }).data['scenario.yaml']!;
    const dir = await mkdtemp(join(tmpdir(), 'camlab-k8s-scenario-'));
    try {
      await writeFile(join(dir, 'scenario.yaml'), scenarioYaml);
      const loaded = await loadScenario(join(dir, 'scenario.yaml'), defaultScenarioContext());
      const served = fleetLayout(fleetFromCount(cameras)).cameras.map((c) => ({ ...c, shard: 0 }));
      const inventory = { generatedAt: '', sites: [], cameras: served as never[] };
      expect(fleetMismatch(inventory, loaded.plan)).toBeUndefined();
      expect(loaded.plan.steps.some((s) => s.type === 'fault')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
