import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * CONFORMANCE.md is a claim about the cameras, so it is checked like code: every PASS names a
 * test that exists and carries the case id, the summary adds up, and (where ../shared holds
 * ONVIF's specifications) every case of every walked specification has exactly one row.
 */
const MATRIX = fileURLToPath(new URL('./CONFORMANCE.md', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SPECS = fileURLToPath(new URL('../../../shared/onvif-testspecs/device/', import.meta.url));
const STATUSES = ['PASS', 'NOT IMPLEMENTED', 'NOT APPLICABLE'] as const;
type Status = (typeof STATUSES)[number];

interface Row {
  section: string;
  id: string;
  status: Status;
  evidence: string;
  line: number;
}

function readMatrix(): { rows: Row[]; summary: Map<string, number[]> } {
  const rows: Row[] = [];
  const summary = new Map<string, number[]>();
  let section = '';
  readFileSync(MATRIX, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.startsWith('## ')) section = text.slice(3).trim();
      const cells = text.split('|').map((c) => c.trim());
      if (cells.length < 6 || cells[1] === 'id' || cells[1] === 'specification' || cells[1]!.startsWith('---')) return;
      if (section === 'Summary') {
        summary.set(
          cells[1]!.replaceAll('*', ''),
          cells.slice(2, 6).map((c) => Number(c.replaceAll('*', ''))),
        );
        return;
      }
      if (!(STATUSES as readonly string[]).includes(cells[3]!)) return;
      rows.push({
        section,
        id: cells[1]!,
        status: cells[3] as Status,
        evidence: cells.slice(4, -1).join('|'),
        line: i + 1,
      });
    });
  return { rows, summary };
}

const { rows, summary } = readMatrix();

describe('simulators/onvif/CONFORMANCE.md', () => {
  it('has rows, each case once', () => {
    expect(rows.length).toBeGreaterThan(600);
    const seen = new Map<string, number>();
    const dupes = rows.filter((r) => {
      const before = seen.get(`${r.section}\n${r.id}`);
      seen.set(`${r.section}\n${r.id}`, r.line);
      return before !== undefined;
    });
    expect(dupes.map((r) => `line ${r.line}: ${r.id}`)).toEqual([]);
  });

  it('names, for every PASS, a test file that exists and holds a test carrying the case id', () => {
    const problems: string[] = [];
    const sources = new Map<string, string>();
    for (const r of rows.filter((x) => x.status === 'PASS')) {
      const file = /`((?:simulators|harness|media)\/[^`]+\.test\.ts)`/.exec(r.evidence)?.[1];
      if (file === undefined) {
        problems.push(`line ${r.line}: ${r.id} is PASS but names no test file`);
        continue;
      }
      if (!sources.has(file)) sources.set(file, withLocalImports(`${REPO}${file}`));
      const source = sources.get(file)!;
      if (source === '') problems.push(`line ${r.line}: ${r.id} names ${file}, which does not exist`);
      // A test title carries the id, or the row quotes a test title that is in the file.
      else if (
        !new RegExp(`['"\`]${r.id}\\b`).test(source) &&
        !quotedTitles(r.evidence).some((t) => source.includes(t))
      )
        problems.push(`line ${r.line}: ${r.id}: no test in ${file} carries the id or the quoted title`);
    }
    expect(problems).toEqual([]);
  });

  it('sums up in its summary table', () => {
    const bySection = new Map<string, number[]>();
    for (const r of rows) {
      const counts = bySection.get(r.section) ?? [0, 0, 0];
      counts[STATUSES.indexOf(r.status)]!++;
      bySection.set(r.section, counts);
    }
    const all = [0, 0, 0, 0];
    for (const [section, counts] of bySection) {
      const total = counts.reduce((a, b) => a + b, 0);
      expect(summary.get(section), `summary row for ${section}`).toEqual([...counts, total]);
      counts.forEach((n, i) => (all[i]! += n));
      all[3]! += total;
    }
    expect(summary.get('all')).toEqual(all);
    expect(summary.size).toBe(bySection.size + 1);
  });

  describe.skipIf(!existsSync(SPECS))(
    'against the specifications in ../shared/onvif-testspecs (absent: nothing to compare with)',
    () => {
      const sections = [...new Set(rows.map((r) => r.section))];
      for (const section of sections) {
        it(`lists every case of the ${section}`, () => {
          const file = readdirSync(SPECS).find((f) => f.replaceAll('_', ' ').replace(/\.xml$/, '') === section);
          expect(file, `a specification file for ${section}`).toBeDefined();
          const xml = readFileSync(`${SPECS}${file!}`, 'utf8');
          // Withdrawn cases stay in the files inside comments (DEVICE-1-1-1); only live sections count.
          const live = xml.replace(/<!--[\s\S]*?-->/g, '');
          const cases = new Set(
            [...live.matchAll(/<section xml:id="tc\.([A-Z0-9_]+-\d+-\d+-\d+)"/g)].map((m) => m[1]!),
          );
          const listed = new Set(rows.filter((r) => r.section === section).map((r) => r.id));
          expect({
            missing: [...cases].filter((c) => !listed.has(c)),
            unknown: [...listed].filter((c) => !cases.has(c)),
          }).toEqual({ missing: [], unknown: [] });
        });
      }
    },
  );
});

/** A test file's text with the local modules it imports: table-driven tests keep their ids there. */
function withLocalImports(path: string): string {
  if (!existsSync(path)) return '';
  const text = readFileSync(path, 'utf8');
  const imported = [...text.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)].map((m) =>
    fileURLToPath(new URL(m[1]!, `file://${path}`)),
  );
  return [text, ...imported.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8'))].join('\n');
}

function quotedTitles(evidence: string): string[] {
  return [...evidence.matchAll(/"([^"]{8,})"/g)].map((m) => m[1]!);
}
