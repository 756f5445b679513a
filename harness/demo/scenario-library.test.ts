import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultScenarioContext } from '../scenario/default-scenario-context.ts';
import { loadScenario } from '../scenario/load-scenario.ts';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const shipped = [
  'outage',
  'stream-freeze',
  'reboot',
  'ptz',
  'bandwidth-loss',
  'site-handover',
  'mass-restore',
  'go-live-rehearsal',
  'load-smoke',
  'estate-quirks',
  'site-link-loss',
];

/** The ids a scenario's header comment says it exercises. */
function headerRequirements(source: string): string[] {
  const header = source.slice(0, source.search(/^name:/m));
  const at = header.indexOf('Requirements exercised:');
  return at < 0 ? [] : [...header.slice(at).matchAll(/\b(?:HUB|CAM)-[A-Z]+-\d+\b/g)].map((m) => m[0]);
}

describe('the scenario library', () => {
  it('ships every scenario the go-live plan needs', async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(files.sort()).toEqual([...shipped].sort());
  });

  it.each(shipped)('%s validates, says what it rehearses, and lists what it judges in its header', async (name) => {
    const file = join(dir, `${name}.yaml`);
    const source = await readFile(file, 'utf8');
    const loaded = await loadScenario(file, defaultScenarioContext());
    expect(source.startsWith('# ')).toBe(true);
    expect(source).toMatch(/^# Rehearses /m);
    const judged = loaded.plan.checks.map((c) => c.id);
    expect(new Set(headerRequirements(source))).toEqual(new Set(judged));
    expect(loaded.plan.steps.length).toBeGreaterThan(1);
  });
});
