import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camlab } from './camlab-cli.fixture.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-validate-'));
  await writeFile(
    join(dir, 'fleet.yaml'),
    'sites:\n  - name: mk\n    addressBlock: 127.14.6.0/24\n    cameras: [{ model: ptz-dome, count: 2 }]\n',
  );
  await writeFile(
    join(dir, 'scenario.yaml'),
    'name: ok\nfleet: fleet.yaml\nhub: none\ntimeline:\n  - at: 5s\n    fault: reboot\n    target: { camera: mk-001 }\n',
  );
  await writeFile(join(dir, 'adapter.yaml'), 'name: acme\nidentity: { name: Acme Hub, version: "1.0" }\n');
  await writeFile(
    join(dir, 'bad-scenario.yaml'),
    'name: bad\nfleet: fleet.yaml\nhub: none\ntimeline:\n  - at: 5s\n    fault: reboot\n    target: { camera: mk-009 }\n',
  );
  await writeFile(
    join(dir, 'profile.yaml'),
    'name: tender\nwaivers:\n  HUB-REC-01: recordings stay on the NVRs\nprocurement: { concurrentStreams: 40 }\n',
  );
  await writeFile(join(dir, 'bad-profile.yaml'), 'name: tender\nwaivers:\n  HUB-REC-01: ""\n');
  await writeFile(
    join(dir, 'bad-fleet.yaml'),
    'sites:\n  - name: mk\n    addressBlock: 127.14.6.0/31\n    cameras: [{ model: ptz-dome, count: 2 }]\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('camlab validate', () => {
  it('accepts valid scenario, fleet, adapter and profile files, telling them apart by content', async () => {
    const run = camlab([
      'validate',
      join(dir, 'scenario.yaml'),
      join(dir, 'fleet.yaml'),
      join(dir, 'adapter.yaml'),
      join(dir, 'profile.yaml'),
    ]);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/scenario\.yaml: ok, scenario 'ok': 2 cameras/);
    expect(run.stdout()).toMatch(/fleet\.yaml: ok, fleet 'fleet': 2 cameras on 1 site/);
    expect(run.stdout()).toMatch(/adapter\.yaml: ok, hub adapter 'acme'/);
    expect(run.stdout()).toMatch(
      /profile\.yaml: ok, procurement profile 'tender': 1 waiver\(s\), 0 requirement\(s\) tightened, HUB-LOAD-03 N = 40/,
    );
  });

  it('exits 2 and names file, line and field of every problem', async () => {
    const run = camlab([
      'validate',
      join(dir, 'bad-scenario.yaml'),
      join(dir, 'bad-fleet.yaml'),
      join(dir, 'bad-profile.yaml'),
      join(dir, 'scenario.yaml'),
    ]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(`${join(dir, 'bad-scenario.yaml')}:7:`);
    expect(run.stderr()).toMatch(/timeline\[0\]\.target\.camera: unknown camera 'mk-009'/);
    expect(run.stderr()).toMatch(
      new RegExp(`${join(dir, 'bad-fleet.yaml').replaceAll('.', '\\.')}:3:\\d+ sites\\[0\\]\\.addressBlock: `),
    );
    expect(run.stderr()).toContain(
      `${join(dir, 'bad-profile.yaml')}:3:15 waivers.HUB-REC-01: a waiver needs a written reason`,
    );
    expect(run.stderr()).toContain('3 of 4 file(s) invalid');
  });
});
