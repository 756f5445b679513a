import { readdir, readFile } from 'node:fs/promises';

/** One line of /proc/PID/stat, reduced to what a CPU total needs. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks: the process's CPU and that of the children it reaped. */
  ticks: number;
}

/**
 * Linux reports /proc times in USER_HZ ticks, 100 a second on every mainstream architecture
 * (`getconf CLK_TCK`); Node cannot ask sysconf, so it is named here.
 */
export const clockTicksPerSecond = 100;

/**
 * Parses /proc/PID/stat (proc(5)). The command name (field 2) is in parentheses and may hold
 * spaces and parentheses itself, so the fields are read after its last ')'. Undefined for text
 * that is not such a line. Pure.
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open <= 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open));
  // After ')': state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
  const rest = text.slice(close + 2).split(' ');
  if (rest.length < 15) return undefined;
  const ppid = Number(rest[1]);
  const times = [rest[11], rest[12], rest[13], rest[14]].map(Number);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || times.some((t) => !Number.isFinite(t))) return undefined;
  return { pid, ppid, ticks: times.reduce((a, b) => a + b, 0) };
}

/**
 * CPU ticks of the process trees rooted at `roots`: each root and every descendant, counted once
 * (a root inside another root's tree is not counted twice). A descendant that exited and was
 * reaped inside the tree is still counted, through its parent's cutime/cstime. Pure.
 */
export function treeTicks(table: readonly ProcStat[], roots: readonly number[]): number {
  const children = new Map<number, ProcStat[]>();
  for (const p of table) {
    const list = children.get(p.ppid);
    if (list === undefined) children.set(p.ppid, [p]);
    else list.push(p);
  }
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const seen = new Set<number>();
  let ticks = 0;
  const stack = roots.flatMap((pid) => byPid.get(pid) ?? []);
  // Bounded: every process is visited at most once.
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p.pid)) continue;
    seen.add(p.pid);
    ticks += p.ticks;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return ticks;
}

/** Every process this machine shows in /proc now (processes that exit while it reads are skipped). */
export async function readProcessTable(procDir = '/proc'): Promise<ProcStat[]> {
  const entries = await readdir(procDir).catch(() => [] as string[]);
  const stats = await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map((pid) => readFile(`${procDir}/${pid}/stat`, 'utf8').then(parseProcStat, () => undefined)),
  );
  return stats.filter((s): s is ProcStat => s !== undefined);
}
