import { execFile } from 'node:child_process';
import { KernelCommandError } from './kernel-command-error.ts';
import type { Argv } from './kernel-commands.ts';

const commandTimeoutMs = 10_000;

/** Runs one argv (no shell); resolves with stdout, rejects with a KernelCommandError. */
export function runKernelCommand(argv: Argv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(argv[0]!, argv.slice(1), { timeout: commandTimeoutMs }, (err, stdout, stderr) => {
      if (err === null) {
        resolve(stdout);
        return;
      }
      // A missing binary has no exit code: its message is what the user needs.
      const code = typeof err.code === 'number' ? err.code : null;
      reject(new KernelCommandError(argv, code, stderr !== '' ? stderr : err.message));
    });
  });
}
