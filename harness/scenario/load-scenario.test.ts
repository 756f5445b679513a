import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, formatIssue } from '../../simulators/config/yaml-document.ts';
import { loadScenario } from './load-scenario.ts';
import { fixtureContext } from './scenario-context.fixture.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-scenario-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fleet = `fleet:
  sites:
    - name: slough
      cameras: { count: 8, model: fixed-1080p, ptz: 2 }
    - name: oxfordshire
      cameras: { count: 4, model: fixed-1080p }
`;

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Loads a scenario expected to be invalid and returns its issues as `line path: message` text. */
async function issuesOf(name: string, text: string, issueFile?: string): Promise<string[]> {
  const file = await write(name, text);
  try {
    await loadScenario(file, fixtureContext);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    for (const i of err.issues) expect(formatIssue(i).startsWith(`${issueFile ?? file}:${i.line}:`)).toBe(true);
    return err.issues.map((i) => `${i.line} ${i.path}: ${i.message}`);
  }
  throw new Error('expected an InputError');
}

describe('loadScenario', () => {
  it('loads a valid scenario and plans it', async () => {
    const file = await write(
      'ok.yaml',
      `name: ok\nseed: 7\n${fleet}hub: none\ntimeline:\n  - at: 30s\n    fault: outage\n    mode: power\n    target: { site: slough, share: 25% }\n    for: 60s\nexpect:\n  - HUB-RES-01\n  - { id: HUB-RES-02, reconnect_within: 10s }\n`,
    );
    const loaded = await loadScenario(file, fixtureContext);
    expect(loaded.plan.overrides).toEqual({ 'HUB-RES-02': { reconnectWithinMs: 10_000 } });
    expect(loaded.plan.steps.map((s) => `${s.atMs} ${s.type}`)).toEqual(['0 provision', '30000 fault', '90000 clear']);
    expect(loaded.plan.durationMs).toBe(120_000);
  });

  it('reads a fleet file relative to the scenario and locates issues in that file', async () => {
    await write('fleet-bad.yaml', 'sites:\n  - name: mk\n    cameras: { count: 0, model: x }\n');
    const issues = await issuesOf(
      'with-fleet.yaml',
      'name: f\nfleet: fleet-bad.yaml\nhub: none\n',
      join(dir, 'fleet-bad.yaml'),
    );
    expect(issues).toEqual([expect.stringMatching(/^3 sites\[0\]\.cameras\.count: .*>=1/)]);
  });

  // Each kind of mistake names the line and field where it was made.
  const cases: { name: string; body: string; expected: RegExp[] }[] = [
    { name: 'unknown top-level key', body: `name: a\n${fleet}hub: none\ncolour: red\n`, expected: [/^9 colour: /] },
    {
      name: 'bad duration',
      body: `name: a\n${fleet}hub: none\ntimeline:\n  - at: 30\n    mark: x\n`,
      expected: [/^10 timeline\[0\]\.at: expected a duration/],
    },
    {
      name: 'two actions in one entry',
      body: `name: a\n${fleet}hub: none\ntimeline:\n  - mark: x\n    fault: outage\n    target: { fleet: true }\n`,
      expected: [/^10 timeline\[0\]: expected one action per entry, got fault and mark/],
    },
    {
      name: 'unknown site in a target',
      body: `name: a\n${fleet}hub: none\ntimeline:\n  - fault: outage\n    mode: power\n    target:\n      site: slogh\n`,
      expected: [/^13 timeline\[0\]\.target\.site: unknown site 'slogh'; expected one of 'slough', 'oxfordshire'/],
    },
    {
      name: 'unknown fault kind',
      body: `name: a\n${fleet}hub: none\ntimeline:\n  - fault: meteor\n    target: { fleet: true }\n`,
      expected: [/^10 timeline\[0\]\.fault: unknown fault 'meteor'; expected one of outage, bandwidth/],
    },
    {
      name: 'bad fault parameter',
      body: `name: a\n${fleet}hub: none\ntimeline:\n  - fault: outage\n    target: { fleet: true }\n    mode: flood\n`,
      expected: [/^12 timeline\[0\]\.mode: outage: .*"power"/],
    },
    {
      name: 'stray key on a mark',
      body: `name: a\n${fleet}hub: none\ntimeline:\n  - mark: x\n    colour: red\n`,
      expected: [/^11 timeline\[0\]\.colour: unknown key 'colour'; only a fault takes inline parameters/],
    },
    {
      name: 'unknown requirement',
      body: `name: a\n${fleet}hub: none\nexpect:\n  - HUB-RES-09\n`,
      expected: [/^10 expect\[0\]: unknown requirement 'HUB-RES-09'; did you mean one of HUB-RES-01, HUB-RES-02/],
    },
    {
      name: 'loosened threshold',
      body: `name: a\n${fleet}hub: none\nexpect:\n  - id: HUB-RES-02\n    reconnect_within: 60s\n`,
      expected: [
        /^11 expect\[0\]\.reconnect_within: HUB-RES-02\.reconnectWithinMs may only be tightened: the specification's 20000 ms allows at most that, got 60000 ms/,
      ],
    },
    {
      name: 'loosened ratio',
      body: `name: a\n${fleet}hub: none\nexpect:\n  - { id: HUB-STR-03, frameRatio: 90% }\n`,
      expected: [/^10 expect\[0\]\.frameRatio: .*may only be tightened/],
    },
    {
      name: 'unknown parameter',
      body: `name: a\n${fleet}hub: none\nexpect:\n  - { id: HUB-RES-01, speed: 3 }\n`,
      expected: [/^10 expect\[0\]\.speed: HUB-RES-01 has no parameter 'speed'; expected one of alarmWithinMs/],
    },
    { name: 'unknown adapter', body: `name: a\n${fleet}hub: acme\n`, expected: [/^8 hub: unknown hub adapter 'acme'/] },
    {
      name: 'handover to an unknown instance',
      body: `name: a\n${fleet}hubs: { council: none, police: none }\ntimeline:\n  - handover: { site: oxfordshire, from: council, to: polce }\n`,
      expected: [/^10 timeline\[0\]\.handover\.to: unknown hub instance 'polce'; expected one of council, police/],
    },
    {
      name: 'ptz on a fixed camera',
      body: `name: a\n${fleet}hub: none\ntimeline:\n  - ptz: stop\n    target: { camera: slough-005 }\n`,
      expected: [/^11 timeline\[0\]\.target: camera slough-005 has no PTZ head/],
    },
    {
      name: 'every without an end',
      body: `name: a\n${fleet}hub: none\ntimeline:\n  - every: 10s\n    mark: tick\n`,
      expected: [/^10 timeline\[0\]\.every: a repeated action needs 'until'/],
    },
    {
      name: 'action after the duration',
      body: `name: a\n${fleet}hub: none\nduration: 1m\ntimeline:\n  - at: 2m\n    mark: late\n`,
      expected: [/^11 timeline\[0\]\.at: late at 2m is after the scenario's duration 1m/],
    },
    { name: 'yaml syntax', body: `name: a\n${fleet}hub: none\ntimeline: [\n`, expected: [/^\d+ : /] },
    {
      name: 'fleet inline issue',
      body: `name: a\nfleet:\n  sites:\n    - name: mk\n      cameras: { count: 2, model: x, lens: wide }\nhub: none\n`,
      expected: [/^5 fleet\.sites\[0\]\.cameras\.lens: /],
    },
  ];
  it.each(cases)('$name', async ({ name, body, expected }) => {
    const issues = await issuesOf(`${name.replaceAll(' ', '-')}.yaml`, body);
    expect(issues).toEqual(expected.map((r) => expect.stringMatching(r)));
  });
});
