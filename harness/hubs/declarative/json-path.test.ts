import { describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from './json-path.ts';

const doc = { camera: 'mk-1', events: [{ id: 'e1', 'the state': 'up' }], n: 0 };

describe('readJsonPath', () => {
  const cases: { path: string; out: unknown }[] = [
    { path: '$', out: doc },
    { path: '$.camera', out: 'mk-1' },
    { path: '$.events[0].id', out: 'e1' },
    { path: "$.events[0]['the state']", out: 'up' },
    { path: '$.n', out: 0 },
    { path: '$.missing.deeper', out: undefined },
    { path: '$.events[5]', out: undefined },
    { path: '$.camera.length', out: undefined },
    { path: '$.constructor', out: undefined },
  ];
  it.each(cases)('$path', ({ path, out }) => {
    expect(readJsonPath(doc, path)).toEqual(out);
  });

  it('gives the entry key for $key', () => {
    expect(readJsonPath({}, '$key', 'cam-9')).toBe('cam-9');
  });

  it('rejects malformed paths with the position', () => {
    expect(() => parseJsonPath('camera')).toThrow(/starts with '\$'/);
    expect(() => parseJsonPath('$.a..b')).toThrow(/character 4/);
    expect(() => parseJsonPath('$[x]')).toThrow(/character 2/);
  });
});
