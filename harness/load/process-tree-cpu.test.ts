import { describe, expect, it } from 'vitest';
import { parseProcStat, readProcessTable, treeTicks, type ProcStat } from './process-tree-cpu.ts';

describe('parseProcStat', () => {
  const cases: { name: string; text: string; expected: ProcStat | undefined }[] = [
    {
      name: 'a plain command',
      text: '11260 (cat) R 11257 11257 6138 0 -1 4194304 101 0 0 0 7 3 20 10 20 0 1 0 1112118 3133440 412',
      expected: { pid: 11260, ppid: 11257, ticks: 40 },
    },
    {
      name: 'a command name with spaces and parentheses (read after the last one)',
      text: '42 (zmc (m 1) x) S 7 42 42 0 -1 4194304 0 0 0 0 150 50 0 0 20 0 3 0 1 1 1',
      expected: { pid: 42, ppid: 7, ticks: 200 },
    },
    { name: 'a truncated line', text: '42 (zmc) S 7 42', expected: undefined },
    { name: 'not a stat line', text: 'hello', expected: undefined },
    {
      name: 'a field that is not a number',
      text: '42 (x) S 7 42 42 0 -1 0 0 0 0 0 a 1 1 1 20 0 1 0 1 1 1',
      expected: undefined,
    },
  ];
  for (const c of cases) it(c.name, () => expect(parseProcStat(c.text)).toEqual(c.expected));
});

describe('treeTicks', () => {
  const table: ProcStat[] = [
    { pid: 1, ppid: 0, ticks: 1_000 },
    { pid: 10, ppid: 1, ticks: 5 },
    { pid: 11, ppid: 10, ticks: 7 },
    { pid: 12, ppid: 11, ticks: 11 },
    { pid: 20, ppid: 1, ticks: 100 },
  ];
  it('sums each root and all its descendants', () => expect(treeTicks(table, [10])).toBe(23));
  it('counts a root inside another root once', () => expect(treeTicks(table, [10, 11])).toBe(23));
  it('adds separate trees', () => expect(treeTicks(table, [11, 20])).toBe(118));
  it('reads 0 for a root that is gone', () => expect(treeTicks(table, [99])).toBe(0));
});

describe('readProcessTable', () => {
  it("finds this process, its parent and CPU it has used on this machine's /proc", async () => {
    const table = await readProcessTable();
    const self = table.find((p) => p.pid === process.pid);
    expect(self?.ppid).toBe(process.ppid);
    expect(table.length).toBeGreaterThan(1);
  });
});
