import { dirname } from 'node:path';
import { InputError } from '../../simulators/config/yaml-document.ts';
import { UnknownAdapterError } from '../hubs/registry.ts';
import { loadProfile, type LoadedProfile } from '../profile/load-profile.ts';
import { inputFilesOf } from '../provenance/input-files.ts';
import type { RunInput } from '../runner/run-scenario.ts';
import { specification } from '../spec/specification.ts';
import { CliError, ExitCode } from './exit-codes.ts';

/**
 * Runs `load` (reading and checking the user's files) and turns what the user got wrong into
 * exit 2, "nothing was started"; anything else is camlab's own failure and passes through.
 */
export async function userInput<T>(load: () => Promise<T>, what = 'invalid input, nothing was started'): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof InputError) throw new CliError(`${what}:\n${err.message}`, ExitCode.badInput);
    if (err instanceof UnknownAdapterError) throw new CliError(err.message, ExitCode.badInput);
    throw err;
  }
}

/** `--profile FILE`, validated against the specification before anything starts. */
export async function profileOption(file: string | undefined): Promise<LoadedProfile | undefined> {
  if (file === undefined) return undefined;
  return userInput(() => loadProfile(file, specification.requirements));
}

/** A run's input with the buyer's profile and the hashes of every file it is judged from. */
export async function withProvenance<F>(
  input: RunInput<F> & { fleetFile?: string },
  profile: LoadedProfile | undefined,
  adapters: readonly string[],
): Promise<RunInput<F>> {
  const inputs = await inputFilesOf({
    scenario: { ...(input.file !== undefined ? { file: input.file } : {}), source: input.source },
    ...(input.fleetFile !== undefined ? { fleetFile: input.fleetFile } : {}),
    ...(profile !== undefined ? { profile } : {}),
    adapters,
    baseDir: input.file !== undefined ? dirname(input.file) : process.cwd(),
  });
  return { ...input, ...(profile !== undefined ? { profile } : {}), inputs };
}
