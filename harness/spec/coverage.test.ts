import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zoo, zooTestTitle } from '../probe/e2e/probe-zoo.ts';
import type { Verdict } from './requirement.ts';
import { specification } from './specification.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const coverage = readFileSync(new URL('./COVERAGE.md', import.meta.url), 'utf8');

interface Row {
  requirement: string;
  failing: string;
  passing: string;
}

/** The table under `## <heading>`: one row per requirement. */
function rowsUnder(heading: string): Row[] {
  const start = coverage.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const end = coverage.indexOf('\n## ', start + 1);
  const section = coverage.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((l) => /^\| *[A-Z]+-[A-Z0-9]+-\d+ *\|/.test(l))
    .map((l) => {
      const [requirement = '', failing = '', passing = ''] = l.split('|').slice(1, -1).map((c) => c.trim());
      return { requirement, failing, passing };
    });
}

/** The verdict a cited run reaches for a requirement, from the table the test file is driven by. */
type VerdictOfRun = (file: string, title: string, requirement: string) => Verdict | undefined;

const zooFile = 'harness/probe/e2e/probe-zoo.test.ts';
const zooVerdict: VerdictOfRun = (file, title, requirement) => {
  if (file !== zooFile) return undefined;
  return zoo.find((c) => zooTestTitle(c) === title)?.expect[requirement];
};

/** One entry per side of the specification; each says where its runs' verdicts are declared. */
const sides: ReadonlyArray<{ side: 'device' | 'hub'; heading: string; verdictOf: VerdictOfRun }> = [{ side: 'device', heading: 'CAM requirements', verdictOf: zooVerdict }];

describe.each(sides)('COVERAGE.md, $heading', ({ side, heading, verdictOf }) => {
  const rows = rowsUnder(heading);
  const ids = specification.requirements.filter((r) => r.side === side).map((r) => r.id);

  it('lists every requirement of the side once, and nothing else', () => {
    expect(rows.map((r) => r.requirement).sort()).toEqual([...ids].sort());
  });

  it.each(ids.map((id) => [id] as const))('%s: a failing run and a passing run that reach those verdicts', (id) => {
    const row = rows.find((r) => r.requirement === id);
    expect(row, `no row for ${id} under ## ${heading}`).toBeDefined();
    for (const [cell, want] of [
      [row!.failing, 'FAIL'],
      [row!.passing, 'PASS'],
    ] as const) {
      const [file = '', title = ''] = cell.split(' › ');
      expect(existsSync(`${root}/${file}`), `${id}: ${file} does not exist`).toBe(true);
      expect(verdictOf(file, title, id), `${id}: '${cell}' is not a run that reaches ${want}`).toBe(want);
    }
  });
});
