import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camlab } from './camlab-cli.fixture.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-validate-'));
  await writeFile(join(dir, 'fleet.yaml'), 'sites:\n  - name: mk\n    addressBlock: 127.14.6.0/24\n    cameras: [{ model: ptz-dome, count: 2 }]\n');
  await writeFile(join(dir, 'scenario.yaml'), 'name: ok\nfleet: fleet.yaml\nhub: none\ntimeline:\n  - at: 5s\n    fault: reboot\n    target: { camera: mk-001 }\n');
  await writeFile(join(dir, 'adapter.yaml'), 'name: acme\nidentity: { name: Acme Hub, version: "1.0" }\n');
  await writeFile(join(dir, 'bad-scenario.yaml'), 'name: bad\nfleet: fleet.yaml\nhub: none\ntimeline:\n  - at: 5s\n    fault: reboot\n    target: { camera: mk-009 }\n');
  await writeFile(join(dir, 'bad-fleet.yaml'), 'sites:\n  - name: mk\n    addressBlock: 127.14.6.0/31\n    cameras: [{ model: ptz-dome, count: 2 }]\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('camlab validate', () => {
  it('accepts valid scenario, fleet and adapter files, telling them apart by content', async () => {
    const run = camlab(['validate', join(dir, 'scenario.yaml'), join(dir, 'fleet.yaml'), join(dir, 'adapter.yaml')]);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/scenario\.yaml: ok, scenario 'ok': 2 cameras/);
    expect(run.stdout()).toMatch(/fleet\.yaml: ok, fleet 'fleet': 2 cameras on 1 site/);
    expect(run.stdout()).toMatch(/adapter\.yaml: ok, hub adapter 'acme'/);
  });

  it('exits 2 and names file, line and field of every problem', async () => {
    const run = camlab(['validate', join(dir, 'bad-scenario.yaml'), join(dir, 'bad-fleet.yaml'), join(dir, 'scenario.yaml')]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(`${join(dir, 'bad-scenario.yaml')}:7:`);
    expect(run.stderr()).toMatch(/timeline\[0\]\.target\.camera: unknown camera 'mk-009'/);
    expect(run.stderr()).toMatch(new RegExp(`${join(dir, 'bad-fleet.yaml').replaceAll('.', '\\.')}:3:\\d+ sites\\[0\\]\\.addressBlock: `));
    expect(run.stderr()).toContain('2 of 3 file(s) invalid');
  });
});
