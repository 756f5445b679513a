import { parseCommandArgs } from '../parse-command-args.ts';
import { InputError } from '../../../simulators/config/yaml-document.ts';
import { UnknownAdapterError } from '../../hubs/registry.ts';
import { defaultScenarioContext } from '../../scenario/default-scenario-context.ts';
import { validateFile } from '../../scenario/validate-file.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const usage = `Usage: camlab validate FILE...

Checks scenario, fleet, hub adapter and procurement profile files (told apart by their
content) without starting anything. Every problem is printed as FILE:LINE:COL FIELD: what was expected.
Exit codes: 0 all valid, 2 at least one file has a problem.`;

export const command: Command = {
  name: 'validate',
  summary: 'check scenario, fleet, adapter and profile files',
  usage,
  async run(argv) {
    const { positionals } = parseCommandArgs(argv, {}, usage);
    if (positionals.length === 0) throw new CliError(`expected at least one file\n\n${usage}`, ExitCode.badInput);
    const context = defaultScenarioContext();
    let failed = 0;
    for (const file of positionals) {
      try {
        const valid = await validateFile(file, context);
        process.stdout.write(`${file}: ok, ${valid.summary}\n`);
      } catch (err) {
        if (err instanceof InputError) process.stderr.write(`${err.message}\n`);
        else if (err instanceof UnknownAdapterError) process.stderr.write(`${file}: ${err.message}\n`);
        else throw err;
        failed++;
      }
    }
    if (failed > 0) process.stderr.write(`${failed} of ${positionals.length} file(s) invalid\n`);
    return failed > 0 ? ExitCode.badInput : ExitCode.ok;
  },
};
