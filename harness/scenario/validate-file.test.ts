import { describe, expect, it } from 'vitest';
import { defaultScenarioContext } from './default-scenario-context.ts';
import { sniffFileKind, validateFile } from './validate-file.ts';

describe('sniffFileKind', () => {
  it.each([
    [{ name: 'a', fleet: 'f.yaml', timeline: [] }, 'scenario'],
    [{ name: 'a', hub: 'none', fleet: {} }, 'scenario'],
    [{ sites: [] }, 'fleet'],
    [{ name: 'acme', identity: { name: 'Acme' } }, 'adapter'],
    [{ name: 'tender', waivers: {} }, 'profile'],
    [{ name: 'tender', procurement: { concurrentStreams: 24 } }, 'profile'],
    [{ name: 'ramp', stages: [] }, 'load'],
    [{ name: 'ramp', hub: 'nms', stages: [] }, 'load'],
    [{ colour: 'red' }, undefined],
    [['a'], undefined],
    ['text', undefined],
  ])('%j is a %s file', (value, kind) => {
    expect(sniffFileKind(value)).toBe(kind);
  });
});

describe('validateFile', () => {
  it('accepts the shipped load file and says what it ramps', async () => {
    const valid = await validateFile('scenarios/loads/nms-ramp.yaml', defaultScenarioContext());
    expect(valid).toEqual({
      file: 'scenarios/loads/nms-ramp.yaml',
      kind: 'load',
      summary: "load file 'nms-ramp': 4 stage(s) up to 200 cameras against 'nms', 3 threshold(s)",
    });
  });
});
