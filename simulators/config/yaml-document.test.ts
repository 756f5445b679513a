import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError, parseYaml } from './yaml-document.ts';

const schema = z
  .object({
    name: z.string(),
    sites: z.array(z.object({ name: z.string(), cameras: z.number().int().positive() }).strict()),
  })
  .strict();

function issuesOf(src: string) {
  try {
    parseYaml(src, 'f.yaml', schema);
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('parseYaml', () => {
  it('returns the validated value', () => {
    expect(parseYaml('name: a\nsites:\n  - name: s\n    cameras: 2\n', 'f.yaml', schema)).toEqual({
      name: 'a',
      sites: [{ name: 's', cameras: 2 }],
    });
  });

  it('names the line and field of a wrong type', () => {
    const [issue] = issuesOf('name: a\nsites:\n  - name: s\n    cameras: -3\n');
    expect(issue).toMatchObject({ file: 'f.yaml', line: 4, path: 'sites[0].cameras' });
    expect(issue!.message).toMatch(/0/);
  });

  it('names the line of an unknown key', () => {
    const [issue] = issuesOf('name: a\nsites: []\ncolour: red\n');
    expect(issue).toMatchObject({ line: 3, path: 'colour' });
  });

  it('reports YAML syntax errors with their position', () => {
    const [issue] = issuesOf('name: a\nsites: [\n');
    expect(issue!.line).toBeGreaterThanOrEqual(2);
  });
});
