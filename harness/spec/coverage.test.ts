import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zoo, zooTestTitle } from '../probe/e2e/probe-zoo.ts';
import type { Requirement, Verdict } from './requirement.ts';
import { specification } from './specification.ts';

/**
 * COVERAGE.md is a claim that every requirement can be seen failing and passing in a real run,
 * so it is checked like code: per side of the specification, one row per requirement and no
 * other, each cell naming an e2e test file that exists and holds a test of that exact title, and
 * where the file's tests are generated from a table of declared verdicts (the probe zoo), the
 * cited test declaring the verdict it is cited for.
 */
const COVERAGE = fileURLToPath(new URL('./COVERAGE.md', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Row {
  id: string;
  failing: string;
  passing: string;
  line: number;
}

function readSection(heading: string): Row[] {
  const rows: Row[] = [];
  let inSection = false;
  readFileSync(COVERAGE, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.startsWith('## ')) inSection = text.slice(3).trim() === heading;
      if (!inSection || !text.startsWith('|')) return;
      const cells = text.split('|').map((c) => c.trim());
      if (cells.length !== 5 || cells[1] === 'requirement' || cells[1]!.startsWith('---')) return;
      rows.push({ id: cells[1]!, failing: cells[2]!, passing: cells[3]!, line: i + 1 });
    });
  return rows;
}

/**
 * Test files whose titles come from a table: each maps a title to the verdicts its test
 * asserts, by requirement id. Titles of other files must appear literally in their source.
 */
const declaredVerdicts: Record<string, ReadonlyMap<string, Readonly<Record<string, Verdict>>>> = {
  'harness/probe/e2e/probe-zoo.test.ts': new Map(zoo.map((c) => [zooTestTitle(c), c.expect])),
};

/** The marker of a cell not yet shown by a run. */
const NOT_SHOWN = '—';

/** What is wrong with a cell naming `path › title` cited as a `want` run of `id`, or undefined. */
function cellProblem(
  cell: string,
  id: string,
  want: 'FAIL' | 'PASS',
  sources: Map<string, string | undefined>,
): string | undefined {
  const m = /^`([^`›]+?) › ([^`]+)`$/.exec(cell);
  if (m === null) return `expected \`path/to/file.test.ts › test title\`, got ${cell}`;
  const [, path, title] = m as unknown as [string, string, string];
  if (!/\/e2e\/[^/]+\.test\.ts$/.test(path))
    return `${path} is not an e2e test file (tests that start real processes live in an e2e/ folder)`;
  if (!sources.has(path))
    sources.set(path, existsSync(`${REPO}${path}`) ? readFileSync(`${REPO}${path}`, 'utf8') : undefined);
  const source = sources.get(path);
  if (source === undefined) return `${path} does not exist`;
  const table = declaredVerdicts[path];
  if (table === undefined)
    return source.includes(`'${title}'`) || source.includes(`\`${title}\``)
      ? undefined
      : `${path} holds no test titled '${title}'`;
  const verdicts = table.get(title);
  if (verdicts === undefined) return `${path} generates no test titled '${title}'`;
  if (verdicts[id] !== want) return `'${title}' declares ${id} ${verdicts[id] ?? 'unjudged'}, not ${want}`;
  return undefined;
}

/**
 * The sides this file covers, each with its section, and the requirements still to be shown
 * failing or passing by a run (their cell holds `—`): printed, and the list can only shrink.
 */
const sides: {
  side: Requirement['side'];
  section: string;
  notYetShown: Record<string, 'failing' | 'passing' | 'both'>;
}[] = [
  {
    side: 'hub',
    section: 'HUB requirements',
    notYetShown: {},
  },
  { side: 'device', section: 'CAM requirements', notYetShown: {} },
];

/** The section of further failure modes: `| requirement | failure mode | failing run |`. */
const FAILURE_MODES = 'Failure modes of one requirement, each shown failing';

describe(`harness/spec/COVERAGE.md, ${FAILURE_MODES}`, () => {
  it('names, for each hub requirement and failure mode, an e2e test that exists and fails it', () => {
    // Read with the same three-column reader: its second column is the failure mode, its third the failing run.
    const modes = readSection(FAILURE_MODES).map((r) => ({ id: r.id, mode: r.failing, run: r.passing, line: r.line }));
    expect(modes.length).toBeGreaterThan(0);
    const ids = new Set(specification.requirements.filter((r) => r.side === 'hub').map((r) => r.id));
    const sources = new Map<string, string | undefined>();
    const problems = modes.flatMap(({ id, mode, run, line }) => {
      if (!ids.has(id)) return [`line ${line}: ${id} is no hub requirement of the specification`];
      const problem = cellProblem(run, id, 'FAIL', sources);
      return problem === undefined ? [] : [`line ${line}: ${id} (${mode}): ${problem}`];
    });
    expect(problems).toEqual([]);
  });
});

describe.each(sides)('harness/spec/COVERAGE.md, $section', ({ side, section, notYetShown }) => {
  const rows = readSection(section);
  const ids = specification.requirements.filter((r) => r.side === side).map((r) => r.id);

  it('has one row for every requirement on this side of the specification, and no other', () => {
    expect(rows.map((r) => r.id)).toEqual(ids);
  });

  it('names, in each cell, an e2e test that exists and reaches that verdict', () => {
    const sources = new Map<string, string | undefined>();
    const problems: string[] = [];
    for (const row of rows) {
      for (const [which, want] of [
        ['failing', 'FAIL'],
        ['passing', 'PASS'],
      ] as const) {
        const cell = row[which];
        const gap = notYetShown[row.id];
        const expectedGap = gap === which || gap === 'both';
        if (cell === NOT_SHOWN) {
          if (!expectedGap) problems.push(`line ${row.line}: ${row.id} has no ${which} run`);
          continue;
        }
        if (expectedGap) problems.push(`line ${row.line}: ${row.id} now names a ${which} run; take it off notYetShown`);
        const problem = cellProblem(cell, row.id, want, sources);
        if (problem !== undefined) problems.push(`line ${row.line}: ${row.id} ${which}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    const gaps = Object.entries(notYetShown);
    if (gaps.length > 0)
      console.warn(
        `COVERAGE.md ${section}: not yet shown by a run: ${gaps.map(([id, which]) => `${id} (${which})`).join(', ')}`,
      );
  });
});
