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
import { parseStages } from '../load-stages.ts';
import { parseThreshold } from '../threshold.ts';
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
const loadJob = () =>
  manifests().find((d) => d.kind === 'Job' && (d.metadata as { name: string }).name === 'camlab-load') as unknown as {
    spec: {
      template: {
        spec: {
          initContainers: Container[];
          containers: Container[];
          volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
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

  it("the load Job loads the hub over every shard the run Job drives, its stages within the shards' fleet, its reports on the claimed volume", () => {
    const { initContainers, containers, volumes } = loadJob().spec.template.spec;
    const load = containers[0]!;
    const runJob = job().spec.template.spec.containers[0]!;
    for (const c of [initContainers[0]!, load]) {
      expect(envOf(c, 'SHARD_APIS')).toBe(envOf(runJob, 'SHARD_APIS'));
      expect(c.env.find((e) => e.name === 'CAMLAB_API_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
        name: (byKind('Secret') as { metadata: { name: string } }).metadata.name,
        key: 'token',
      });
    }
    // The init container waits until every shard serves its headroom, which the ramp reads per stage.
    expect(initContainers[0]!.command[2]).toMatch(/for api in \$SHARD_APIS; do\n\s*curl .*"\$api\/api\/headroom"/);
    expect(load.command[2]).toMatch(
      /exec camlab load --shards "\$\(printf '%s' "\$SHARD_APIS" \| tr ' ' ','\)" --hub "\$HUB" --stages "\$STAGES" --threshold "\$THRESHOLD" --report "\$REPORT_DIR"/,
    );
    const container = sts().spec.template.spec.containers[0]!;
    const served = Number(container.args[container.args.indexOf('--cameras') + 1]);
    const stages = parseStages(envOf(load, 'STAGES')!);
    expect(stages.at(-1)!.cameras).toBeLessThanOrEqual(served);
    expect(() => parseThreshold(envOf(load, 'THRESHOLD')!)).not.toThrow();
    expect(volumes.find((v) => v.name === 'reports')?.persistentVolumeClaim?.claimName).toBe(
      (byKind('PersistentVolumeClaim') as { metadata: { name: string } }).metadata.name,
    );
    const mount = load.volumeMounts!.find((m) => m.name === 'reports')!.mountPath;
    expect(envOf(load, 'REPORT_DIR')!.startsWith(`${mount}/`)).toBe(true);
    expect(envOf(load, 'REPORT_DIR')).not.toBe(envOf(runJob, 'REPORT_DIR'));
  });
});
