import type { ExitCode } from './exit-codes.ts';

/** One `camlab` sub-command. `run` gets the arguments after the command name. */
export interface Command {
  name: string;
  summary: string;
  /** Full usage text printed by `camlab NAME --help`. */
  usage: string;
  run(argv: string[]): Promise<ExitCode>;
}
