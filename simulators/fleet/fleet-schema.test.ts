import { afterEach, describe, expect, it } from 'vitest';
import { InputError, parseYaml } from '../config/yaml-document.ts';
import { fleetSchema } from './fleet-schema.ts';

function issuesOf(src: string) {
  try {
    parseYaml(src, 'fleet.yaml', fleetSchema);
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  throw new Error('expected an InputError');
}

const valid = `name: demo
sites:
  - name: slough
    addressBlock: 127.22.0.0/24
    bandwidthKbps: 50000
    controlRoom: slough-police
    cameras:
      - { model: fixed-1080p, count: 2 }
users:
  - { username: admin, password: "\${CAMLAB_TEST_PASSWORD}" }
`;

describe('fleetSchema', () => {
  afterEach(() => {
    delete process.env.CAMLAB_TEST_PASSWORD;
  });

  it('reads a fleet and resolves ${ENV} passwords', () => {
    process.env.CAMLAB_TEST_PASSWORD = 's3cret';
    const def = parseYaml(valid, 'fleet.yaml', fleetSchema);
    expect(def.users).toEqual([{ username: 'admin', password: 's3cret', role: 'Administrator' }]);
    expect(def.recorders).toEqual([]);
  });

  it('an unset variable is an error at its line', () => {
    const [issue] = issuesOf(valid);
    expect(issue).toMatchObject({ line: 10, path: 'users[0].password' });
    expect(issue!.message).toMatch(/CAMLAB_TEST_PASSWORD is not set/);
  });

  const cases = [
    {
      name: 'unknown model',
      src: 'sites:\n  - name: a\n    addressBlock: 127.21.0.0/24\n    cameras: [{ model: nope, count: 1 }]\n',
      path: 'sites[0].cameras[0].model',
      message: /unknown model 'nope'/,
    },
    {
      name: 'bad block',
      src: 'sites:\n  - name: a\n    addressBlock: 127.21.0.5/24\n    cameras: [{ model: ptz-dome, count: 1 }]\n',
      path: 'sites[0].addressBlock',
      message: /host bits/,
    },
    {
      name: 'block too small',
      src: 'sites:\n  - name: a\n    addressBlock: 127.21.0.0/30\n    cameras: [{ model: ptz-dome, count: 3 }]\n',
      path: 'sites[0].addressBlock',
      message: /holds 2 addresses/,
    },
    {
      name: 'overlapping blocks',
      src: 'sites:\n  - name: a\n    addressBlock: 127.21.0.0/16\n    cameras: [{ model: ptz-dome, count: 1 }]\n  - name: b\n    addressBlock: 127.21.4.0/24\n    cameras: [{ model: ptz-dome, count: 1 }]\n',
      path: 'sites[1].addressBlock',
      message: /overlaps site 'a'/,
    },
    {
      name: 'unknown key',
      src: 'sites:\n  - name: a\n    addresses: 127.21.0.0/24\n    cameras: [{ model: ptz-dome, count: 1 }]\n',
      path: 'sites[0].addresses',
      message: /./,
    },
    {
      name: 'duplicate site',
      src: 'sites:\n  - name: a\n    addressBlock: 127.21.0.0/24\n    cameras: [{ model: ptz-dome, count: 1 }]\n  - name: a\n    addressBlock: 127.22.0.0/24\n    cameras: [{ model: ptz-dome, count: 1 }]\n',
      path: 'sites[1].name',
      message: /twice/,
    },
  ];
  for (const c of cases) {
    it(`names the field: ${c.name}`, () => {
      const issues = issuesOf(c.src);
      const issue = issues.find((i) => i.path === c.path);
      expect(issue, JSON.stringify(issues)).toBeDefined();
      expect(issue!.message).toMatch(c.message);
      expect(issue!.line).toBeGreaterThan(1);
    });
  }

  it('accepts a model declared in the fleet file', () => {
    const src = `models:
  - id: cheap-cam
    manufacturer: Acme
    model: A1
    firmware: '1.0'
    hardwareId: A1-R1
    profiles:
      - { name: main, codec: h265, width: 1920, height: 1080, fps: 25, bitrateKbps: 2000, gopFrames: 50 }
sites:
  - name: a
    addressBlock: 127.21.0.0/24
    cameras: [{ model: cheap-cam, count: 2 }]
`;
    expect(parseYaml(src, 'f.yaml', fleetSchema).models[0]!.id).toBe('cheap-cam');
  });
});
