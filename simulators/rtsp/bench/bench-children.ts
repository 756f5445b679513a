import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * What the benches' parent processes share: their child processes (servers, readers, peers)
 * are tracked so Ctrl-C kills every one by PID, asked over IPC with a deadline, and timed by
 * the CPU their threads spent.
 */
const children = new Set<ChildProcess>();

/** Keeps `child` until it exits, so killAll() reaches it. */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export function killAll(): void {
  for (const c of children) if (c.pid !== undefined && c.exitCode === null) process.kill(c.pid, 'SIGKILL');
}

/** Ctrl-C kills every tracked child and exits 130. */
export function killChildrenOnInterrupt(): void {
  process.on('SIGINT', () => {
    killAll();
    process.exit(130);
  });
}

/**
 * Sends a message and waits for the child's next reply of that type; fails on an `error` reply,
 * on the child exiting first, or after `deadlineMs`.
 */
export async function ask<R extends { type: string }>(
  child: ChildProcess,
  msg: object,
  replyType: R['type'],
  deadlineMs: number,
): Promise<R> {
  const reply = new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${replyType} from child ${child.pid} within ${deadlineMs} ms`));
    }, deadlineMs);
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`child ${child.pid} exited (${code}) before its ${replyType}`));
    };
    const onMessage = (m: { type: string; message?: string }): void => {
      if (m.type === 'error') {
        cleanup();
        reject(new Error(m.message));
      } else if (m.type === replyType) {
        cleanup();
        resolve(m as unknown as R);
      }
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  child.send(msg);
  return reply;
}

let clockTicksPerSecond: number | undefined;

/** utime + stime of all the process's threads (fields 14 and 15 of /proc/PID/stat), in µs. */
export function procCpuUs(pid: number): number {
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString());
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicksPerSecond;
}
