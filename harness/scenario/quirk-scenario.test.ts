import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../simulators/config/yaml-document.ts';
import { quirkFault } from '../../simulators/faults/kinds/quirk.ts';
import { QUIRKS } from '../../simulators/quirks/catalog.ts';
import { defaultScenarioContext } from './default-scenario-context.ts';
import { loadScenario } from './load-scenario.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-quirk-scenario-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scenario = (modelQuirks: string, timeline: string): string => `name: quirks
hub: none
fleet:
  models:
    - id: cheap-dome
      manufacturer: Cheap
      model: CD-1
      firmware: '1.0'
      hardwareId: CD1
      profiles:
        - { name: main, codec: h264, width: 1920, height: 1080, fps: 25, bitrateKbps: 4000, gopFrames: 50 }
      quirks:
${modelQuirks}
  sites:
    - name: slough
      addressBlock: 127.77.40.0/24
      cameras:
        - { model: hikvision-like, count: 1 }
        - { model: cheap-dome, count: 1 }
timeline:
${timeline}
duration: 60s
`;

async function load(text: string) {
  const file = join(dir, `s-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  return loadScenario(file, defaultScenarioContext());
}

async function issues(text: string): Promise<string[]> {
  try {
    await load(text);
  } catch (err) {
    if (err instanceof InputError) return err.issues.map((i) => `${i.line} ${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('quirks in scenario and fleet files', () => {
  it('takes model quirks (ids and the earlier fields), personalities, and a timed quirk fault that clears after `for`', async () => {
    const loaded = await load(
      scenario(
        '        clockSkewMs: 5000\n        subscription-slots: { max: 2, whenFull: evict-oldest }',
        '  - at: 10s\n    fault: quirk\n    quirk: clock-reset-on-boot\n    target: { site: slough }\n    for: 20s\n  - at: 12s\n    fault: quirk\n    quirk: motion-state-shape\n    shape: capitalised\n    target: { site: slough }',
      ),
    );
    expect(loaded.plan.steps.map((s) => `${s.atMs} ${s.type}`)).toEqual([
      '0 provision',
      '10000 fault',
      '12000 fault',
      '30000 clear',
    ]);
  });

  it('names file, line and field for a bad model quirk parameter', async () => {
    expect(await issues(scenario('        clock-skew: { offset: soon }', '  - at: 10s\n    mark: nothing'))).toEqual([
      expect.stringMatching(/^13 fleet\.models\[0\]\.quirks\.clock-skew\.offset: expected a duration/),
    ]);
  });

  it('names line and field for an unknown timed quirk and a bad timed parameter', async () => {
    const found = await issues(
      scenario(
        '        clockSkewMs: 5000',
        '  - at: 10s\n    fault: quirk\n    quirk: teleport\n    target: { site: slough }\n  - at: 11s\n    fault: quirk\n    quirk: subscription-slots\n    max: 0\n    target: { site: slough }',
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(/^23 timeline\[0\]\.quirk: quirk: unknown quirk 'teleport'/),
      expect.stringMatching(/^28 timeline\[1\]\.max: quirk: Too small/),
    ]);
  });

  it('parses every timed quirk to parameters that parse again to themselves (a fleet worker parses what the parent sent)', () => {
    for (const q of QUIRKS.filter((k) => k.modelOnly !== true)) {
      const once = quirkFault.schema.parse({ quirk: q.id });
      expect(quirkFault.schema.parse(once), q.id).toEqual(once);
    }
  });
});
