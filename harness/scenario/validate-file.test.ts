import { describe, expect, it } from 'vitest';
import { sniffFileKind } from './validate-file.ts';

describe('sniffFileKind', () => {
  it.each([
    [{ name: 'a', fleet: 'f.yaml', timeline: [] }, 'scenario'],
    [{ name: 'a', hub: 'none', fleet: {} }, 'scenario'],
    [{ sites: [] }, 'fleet'],
    [{ name: 'acme', identity: { name: 'Acme' } }, 'adapter'],
    [{ name: 'tender', waivers: {} }, 'profile'],
    [{ name: 'tender', procurement: { concurrentStreams: 24 } }, 'profile'],
    [{ colour: 'red' }, undefined],
    [['a'], undefined],
    ['text', undefined],
  ])('%j is a %s file', (value, kind) => {
    expect(sniffFileKind(value)).toBe(kind);
  });
});
