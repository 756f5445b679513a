import type { Argv } from './kernel-commands.ts';

/** An ip, tc or nft command that failed: the command, its exit code and what it wrote to stderr. */
export class KernelCommandError extends Error {
  constructor(
    readonly argv: Argv,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`'${argv.join(' ')}' failed (exit ${exitCode ?? 'none'}): ${stderr.trim() || '(no stderr)'}`);
    this.name = 'KernelCommandError';
  }
}
