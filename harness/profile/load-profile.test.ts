import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, formatIssue } from '../../simulators/config/yaml-document.ts';
import { sha256Hex } from '../provenance/sha256.ts';
import { specification } from '../spec/specification.ts';
import { loadProfile } from './load-profile.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-profile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

/** The issues of a profile expected to be invalid, as `file:line:col path: message`. */
async function issuesOf(text: string): Promise<string[]> {
  const file = await write('bad.yaml', text);
  try {
    await loadProfile(file, specification.requirements);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.issues.map((i) => formatIssue(i).replace(`${file}:`, ''));
  }
  throw new Error('expected an InputError');
}

const pullWithin = specification.requirements.find((r) => r.id === 'HUB-STR-01')!.params.pullWithinMs!;

describe('loadProfile', () => {
  it('reads waivers, procurement inputs and tightenings, and hashes the file', async () => {
    const text = `name: Thames Valley hub tender
owner: TVP procurement
waivers:
  HUB-REC-01: recordings stay on the site NVRs in this tender
procurement:
  concurrentStreams: 24
tighten:
  HUB-STR-01: { pullWithinMs: 5000 }
`;
    const file = await write('good.yaml', text);
    const loaded = await loadProfile(file, specification.requirements);
    expect(loaded.sha256).toBe(sha256Hex(text));
    expect(loaded.profile).toEqual({
      name: 'Thames Valley hub tender',
      owner: 'TVP procurement',
      waivers: { 'HUB-REC-01': 'recordings stay on the site NVRs in this tender' },
      procurement: { concurrentStreams: 24 },
      tighten: { 'HUB-STR-01': { pullWithinMs: 5000 } },
    });
  });

  it('ships a valid demo profile', async () => {
    const { demoProfileFile } = await import('../demo/demo-scenario.ts');
    const loaded = await loadProfile(demoProfileFile, specification.requirements);
    expect(Object.keys(loaded.profile.waivers)).toEqual(['HUB-PTZ-01', 'HUB-PTZ-02']);
  });

  it.each([
    [
      'a waiver without a reason',
      'name: t\nwaivers:\n  HUB-REC-01: ""\n',
      ['3:15 waivers.HUB-REC-01: a waiver needs a written reason'],
    ],
    [
      'a waiver of only spaces',
      'name: t\nwaivers:\n  HUB-REC-01: "   "\n',
      ['3:15 waivers.HUB-REC-01: a waiver needs a written reason'],
    ],
    [
      'a waiver of an unknown requirement',
      'name: t\nwaivers:\n  HUB-XYZ-09: not needed\n',
      ["3:15 waivers.HUB-XYZ-09: unknown requirement 'HUB-XYZ-09'; `camlab spec` lists them"],
    ],
    [
      'a requirement id of the wrong shape',
      'name: t\nwaivers:\n  rec01: not needed\n',
      ["3:10 waivers.rec01: unknown requirement 'rec01'; `camlab spec` lists them"],
    ],
    [
      'a tightening that loosens',
      'name: t\ntighten:\n  HUB-STR-01:\n    pullWithinMs: 600000\n',
      [
        `4:19 tighten.HUB-STR-01.pullWithinMs: 600000 ms loosens the specification (default ${pullWithin.default} ms); only lower values tighten ${pullWithin.description}`,
      ],
    ],
    [
      'a zero N',
      'name: t\nprocurement:\n  concurrentStreams: 0\n',
      ['3:22 procurement.concurrentStreams: Too small: expected number to be >=1'],
    ],
    [
      'N set twice',
      'name: t\nprocurement:\n  concurrentStreams: 20\ntighten:\n  HUB-LOAD-03: { minConcurrentStreams: 200 }\n',
      ["5:40 tighten.HUB-LOAD-03.minConcurrentStreams: set HUB-LOAD-03's N once, as procurement.concurrentStreams"],
    ],
    ['an unknown key', 'name: t\nwaive:\n  HUB-REC-01: x\n', ['3:3 waive: Unrecognized key: "waive"']],
    ['no name', 'waivers: {}\n', ['1:1 name: Invalid input: expected string, received undefined']],
  ])('refuses %s, naming line, column and field', async (_name, text, issues) => {
    expect(await issuesOf(text)).toEqual(issues);
  });
});
