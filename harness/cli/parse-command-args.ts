import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError, ExitCode } from './exit-codes.ts';

/**
 * node:util parseArgs in strict mode for one command; a bad flag or, where the command takes
 * none, a stray positional fails as a CliError (exit 2) that shows the command's usage.
 */
export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  usage: string,
  takesPositionals = true,
) {
  let parsed;
  try {
    parsed = parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>({
      args: argv,
      options,
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${usage}`, ExitCode.badInput);
  }
  if (!takesPositionals && parsed.positionals.length > 0) {
    throw new CliError(`unexpected argument '${parsed.positionals[0]}'\n\n${usage}`, ExitCode.badInput);
  }
  return parsed;
}
