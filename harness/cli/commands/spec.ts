import { parseCommandArgs } from '../parse-command-args.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { specification } from '../../spec/specification.ts';
import { specificationDocument, specificationMarkdown } from '../../spec/specification-document.ts';

const usage = `Usage: camlab spec [--format md|json] [--side hub|device]

Prints the single specification: every requirement's id, level, title, rationale, parameters
(defaults, units, which way is stricter), the evidence it needs and the test cases it traces to.

  --format md|json   Markdown for people (default) or JSON for tools
  --side hub|device  only the hub (HUB-…) or device (CAM-…) requirements`;

export const command: Command = {
  name: 'spec',
  summary: 'print the specification',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { format: { type: 'string' }, side: { type: 'string' } }, usage, false);
    const format = values.format ?? 'md';
    if (format !== 'md' && format !== 'json')
      throw new CliError(`--format must be md or json, got '${format}'`, ExitCode.badInput);
    if (values.side !== undefined && values.side !== 'hub' && values.side !== 'device')
      throw new CliError(`--side must be hub or device, got '${values.side}'`, ExitCode.badInput);
    const requirements = specification.requirements.filter((r) => values.side === undefined || r.side === values.side);
    const doc = specificationDocument({ version: specification.version, requirements });
    process.stdout.write(format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : `${specificationMarkdown(doc)}\n`);
    return ExitCode.ok;
  },
};
