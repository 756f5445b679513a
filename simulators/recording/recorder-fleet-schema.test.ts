import { describe, expect, it } from 'vitest';
import { InputError, parseYaml } from '../config/yaml-document.ts';
import { fleetSchema, recorderAddress } from '../fleet/fleet-schema.ts';
import { planFleet } from '../fleet/fleet-plan.ts';

/** Recorders and edge storage in a fleet file: what is read, and each mistake at its own line and field. */
function issuesOf(src: string) {
  try {
    parseYaml(src, 'fleet.yaml', fleetSchema);
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  throw new Error('expected an InputError');
}

const site = (block = '127.21.0.0/24', count = 3) =>
  `sites:\n  - name: north\n    addressBlock: ${block}\n    cameras: [{ model: fixed-1080p, count: ${count} }, { model: sd-cam, count: 1 }]\n`;
const models = `models:
  - id: sd-cam
    manufacturer: Acme
    model: A1
    firmware: '1.0'
    hardwareId: A1-R1
    profiles:
      - { name: main, codec: h264, width: 1920, height: 1080, fps: 25, bitrateKbps: 4000, gopFrames: 50 }
    edgeStorage: { capacity: 128GB, retention: 7d }
`;

describe('fleet files with recorders and edge storage', () => {
  it('reads an edge-storage model and a site recorder with its defaults', () => {
    const def = parseYaml(
      `${models}${site()}recorders:\n  - { id: north-nvr, site: north, capacity: 32TB, retention: 30d }\n`,
      'f.yaml',
      fleetSchema,
    );
    expect(def.models[0]!.edgeStorage).toEqual({ capacity: 128e9, profile: 'main', retention: 7 * 86_400_000 });
    expect(def.recorders[0]).toMatchObject({
      id: 'north-nvr',
      capacity: 32e12,
      retention: 30 * 86_400_000,
      profile: 'main',
    });
    // The first host after the site's four cameras.
    expect(recorderAddress(def, 'north-nvr')).toBe('127.21.0.5');
    const plan = planFleet(def, {
      addressMode: 'per-camera',
      rtspPort: 8554,
      onvifPort: 8080,
      bindAddress: '127.0.0.1',
      basePort: 0,
      shard: { index: 0, count: 1 },
      extraUsers: [],
    });
    expect(plan.recorders).toEqual([
      expect.objectContaining({
        id: 'north-nvr',
        address: '127.21.0.5',
        rtspPort: 8554,
        onvifPort: 8080,
        channels: ['north-001', 'north-002', 'north-003', 'north-004'],
        shard: 0,
      }),
    ]);
    expect(plan.recorders[0]!.users).toEqual(plan.users);
  });

  it('a recorder may name its channels, address and users', () => {
    const def = parseYaml(
      `${models}${site()}recorders:\n  - id: north-nvr\n    site: north\n    address: 127.21.0.200\n    capacity: 4TB\n    channels: [north-002]\n    users: [{ username: nvr-admin, password: pw }]\n`,
      'f.yaml',
      fleetSchema,
    );
    expect(recorderAddress(def, 'north-nvr')).toBe('127.21.0.200');
    const plan = planFleet(def, {
      addressMode: 'port-per-camera',
      rtspPort: 0,
      onvifPort: 0,
      bindAddress: '127.0.0.1',
      basePort: 20_000,
      shard: { index: 0, count: 1 },
      extraUsers: [],
    });
    // Ports after the four cameras' eight.
    expect(plan.recorders[0]).toMatchObject({
      address: '127.0.0.1',
      rtspPort: 20_008,
      onvifPort: 20_009,
      channels: ['north-002'],
      users: [{ username: 'nvr-admin', password: 'pw', role: 'Administrator' }],
    });
  });

  const cases = [
    {
      name: 'capacity without a unit',
      src: `${models}${site()}recorders:\n  - { id: nvr, site: north, capacity: lots }\n`,
      path: 'recorders[0].capacity',
      message: /expected a capacity above 0 such as '128GB'/,
    },
    {
      name: 'unknown site',
      src: `${models}${site()}recorders:\n  - { id: nvr, site: south, capacity: 1TB }\n`,
      path: 'recorders[0].site',
      message: /unknown site 'south'; expected one of north/,
    },
    {
      name: 'channel of no camera',
      src: `${models}${site()}recorders:\n  - { id: nvr, site: north, capacity: 1TB, channels: [north-009] }\n`,
      path: 'recorders[0].channels[0]',
      message: /'north-009' is not a camera of site 'north' \(north-001 \.\. north-004\)/,
    },
    {
      name: 'id of a camera',
      src: `${models}${site()}recorders:\n  - { id: north-001, site: north, capacity: 1TB }\n`,
      path: 'recorders[0].id',
      message: /is a camera id/,
    },
    {
      name: 'duplicate id',
      src: `${models}${site()}recorders:\n  - { id: nvr, site: north, capacity: 1TB }\n  - { id: nvr, site: north, capacity: 1TB }\n`,
      path: 'recorders[1].id',
      message: /declared twice/,
    },
    {
      name: 'address outside the block',
      src: `${models}${site()}recorders:\n  - { id: nvr, site: north, capacity: 1TB, address: 127.99.0.1 }\n`,
      path: 'recorders[0].address',
      message: /outside the site's block 127.21.0.0\/24/,
    },
    {
      name: "a camera's address",
      src: `${models}${site()}recorders:\n  - { id: nvr, site: north, capacity: 1TB, address: 127.21.0.2 }\n`,
      path: 'recorders[0].address',
      message: /address of a camera/,
    },
    {
      name: 'no room left in the block',
      src: `${models}${site('127.21.0.0/29', 5)}recorders:\n  - { id: nvr, site: north, capacity: 1TB }\n`,
      path: 'recorders[0].site',
      message: /holds 6 addresses, too few/,
    },
    {
      name: 'retention of zero',
      src: `${models}${site()}recorders:\n  - { id: nvr, site: north, capacity: 1TB, retention: 0d }\n`,
      path: 'recorders[0].retention',
      message: /above 0/,
    },
    {
      name: 'unknown recorder key',
      src: `${models}${site()}recorders:\n  - { id: nvr, site: north, capacity: 1TB, disks: 4 }\n`,
      path: 'recorders[0].disks',
      message: /./,
    },
    {
      name: 'edge storage without capacity',
      src: `${models.replace('capacity: 128GB, ', '')}${site()}`,
      path: 'models[0].edgeStorage.capacity',
      message: /./,
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
});
