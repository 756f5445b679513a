import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../reports/run-result.ts';

const bin = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Runs `camlab ARGS` as a user would (the bin, through tsx), collecting its output. */
export function camlab(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Ends a process this test started, by its PID, if it is still running. */
export function stop(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
    process.kill(child.pid, 'SIGKILL');
}

export interface CompletedRun {
  code: number | null;
  result: RunResult;
  stderr: string;
}

/**
 * Runs `camlab ARGS` to its end and reads the result.json it wrote in `reportDir`; a run that
 * wrote none fails with its exit code and the tail of its stderr.
 */
export async function runToResult(args: readonly string[], reportDir: string): Promise<CompletedRun> {
  const run = camlab(args);
  let code: number | null;
  try {
    code = await run.exited;
  } finally {
    stop(run.child);
  }
  const json = await readFile(join(reportDir, 'result.json'), 'utf8').catch(() => {
    throw new Error(`camlab ${args.join(' ')} exited ${code} without a report:\n${run.stderr().slice(-2000)}`);
  });
  return { code, result: JSON.parse(json) as RunResult, stderr: run.stderr() };
}
