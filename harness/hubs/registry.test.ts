import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../simulators/config/yaml-document.ts';
import { adapterContractProblems } from './adapter-contract.ts';
import { miniHubVariants } from './reference/pull-policy.ts';
import {
  adapterProblem,
  checkHubAdapterRef,
  createHubAdapter,
  hubAdapterNames,
  UnknownAdapterError,
} from './registry.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-registry-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hub adapter registry', () => {
  it('knows the built-ins, container images and adapter files', () => {
    expect(
      ['none', 'nms', 'motion', 'zoneminder', 'container:acme/hub:2.1'].map((r) => adapterProblem(r, dir)),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(adapterProblem('acme', dir)).toMatch(
      /^unknown hub adapter 'acme'; expected one of none, nms, motion, zoneminder, container:IMAGE/,
    );
    expect(adapterProblem('container:', dir)).toMatch(/expected an image/);
    expect(adapterProblem('missing.yaml', dir)).toBe(
      `adapter file 'missing.yaml' not found (looked for ${join(dir, 'missing.yaml')})`,
    );
  });

  it('runs the reference mini hubs by variant', async () => {
    expect(adapterProblem('mini-hub:never-reconnects', dir)).toBeUndefined();
    expect(adapterProblem('mini-hub:flaky', dir)).toMatch(/^unknown mini hub 'flaky'; expected one of well-behaved, /);
    const hub = await createHubAdapter('mini-hub:tight-loop', { instance: 'hub', baseDir: dir });
    expect(hub.kind).toBe('mini-hub:tight-loop');
    expect([...hub.capabilities].sort()).toEqual([
      'alarms',
      'egress',
      'provision',
      'ptz',
      'recording-frames',
      'recordings',
      'start',
    ]);
  });

  it("creates 'none' with no capability", async () => {
    const hub = await createHubAdapter('none', { instance: 'hub', baseDir: dir });
    expect(hub.kind).toBe('none');
    expect(hub.capabilities.size).toBe(0);
  });

  it('refuses an unknown name and validates an adapter file before anything starts', async () => {
    await expect(createHubAdapter('acme', { instance: 'hub', baseDir: dir })).rejects.toBeInstanceOf(
      UnknownAdapterError,
    );
    await writeFile(
      join(dir, 'bad-adapter.yaml'),
      'name: acme\nidentity: { name: Acme }\nprovision: { colour: red }\n',
    );
    const err = await checkHubAdapterRef('bad-adapter.yaml', dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]).toMatchObject({ file: join(dir, 'bad-adapter.yaml'), line: 3 });
  });

  it('every adapter camlab ships declares exactly the capabilities its methods back', async () => {
    const refs = [
      ...hubAdapterNames(),
      ...Object.keys(miniHubVariants).map((v) => `mini-hub:${v}`),
      'container:acme/hub:2.1',
      'scenarios/adapters/node-media-server.yaml',
      'scenarios/adapters/generic-webhook-hub.yaml',
    ];
    for (const ref of refs) {
      const hub = await createHubAdapter(ref, { instance: 'hub', baseDir: process.cwd() });
      expect({ ref, problems: adapterContractProblems(hub) }).toEqual({ ref, problems: [] });
    }
  });
});
