import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../simulators/config/yaml-document.ts';
import { defaultScenarioContext } from './default-scenario-context.ts';
import { loadScenario } from './load-scenario.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-default-context-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fleet =
  'fleet:\n  sites:\n    - name: mk\n      addressBlock: 127.14.7.0/24\n      cameras: [{ model: fixed-1080p, count: 3 }, { model: ptz-dome, count: 1 }]\n';

describe('scenarios against the real fleet schema, fault library and specification', () => {
  it('plans camera ids as the simulators will name them', async () => {
    const file = join(dir, 'ok.yaml');
    await writeFile(
      file,
      `name: ok\n${fleet}hub: none\ntimeline:\n  - at: 1s\n    fault: outage\n    mode: stream-freeze\n    target: { model: ptz-dome }\n    for: 5s\n`,
    );
    const loaded = await loadScenario(file, defaultScenarioContext());
    expect(loaded.plan.cameras.map((c) => `${c.id}/${c.model}/${c.ptz}`)).toEqual([
      'mk-001/fixed-1080p/false',
      'mk-002/fixed-1080p/false',
      'mk-003/fixed-1080p/false',
      'mk-004/ptz-dome/true',
    ]);
    expect(loaded.plan.steps.find((s) => s.type === 'fault')).toMatchObject({
      cameras: ['mk-004'],
      params: { mode: 'stream-freeze' },
    });
  });

  it('reports what only the targets reveal, at the line of the action', async () => {
    const file = join(dir, 'targets.yaml');
    await writeFile(
      file,
      `name: t\n${fleet}hubs: { a: none, b: none }\ntimeline:\n  - fault: bandwidth\n    shared: true\n    target: { site: mk }\n  - handover: { site: mk, from: a, to: b, addressBlock: 127.31.0.0/30 }\n`,
    );
    const err = (await loadScenario(file, defaultScenarioContext()).catch((e: unknown) => e)) as InputError;
    expect(err).toBeInstanceOf(InputError);
    expect(err.issues.map((i) => `${i.line} ${i.path}: ${i.message}`)).toEqual([
      "9 timeline[0].limit: bandwidth: site mk declares no bandwidthKbps; give a limit such as '2mbit'",
      '12 timeline[1].handover.addressBlock: 127.31.0.0/30 holds 2 addresses but a target is camera 4 of its site; use a larger block',
    ]);
  });
});
