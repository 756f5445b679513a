import { relative } from 'node:path';
import { builtinPersonalities } from '../../../simulators/camera/camera-model.ts';
import { QUIRKS } from '../../../simulators/quirks/catalog.ts';
import { quirkDocument, quirkMarkdown } from '../../../simulators/quirks/quirk-document.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const usage = `Usage: camlab quirks [--format md|json]

Lists every camera quirk (how real firmware departs from the standard) and every personality
(vendor-style bundles of quirks): id, what it does on the wire, how to switch it on (model or
fleet file, personality, or a timed 'quirk' fault in a scenario) and the public hub report it
comes from.

  --format md|json   Markdown for people (default) or JSON for tools`;

export const command: Command = {
  name: 'quirks',
  summary: 'list the camera quirks and personalities',
  usage,
  run(argv) {
    const { values } = parseCommandArgs(argv, { format: { type: 'string' } }, usage, false);
    const format = values.format ?? 'md';
    if (format !== 'md' && format !== 'json')
      throw new CliError(`--format must be md or json, got '${format}'`, ExitCode.badInput);
    const doc = quirkDocument(QUIRKS, builtinPersonalities, (file) => relative(process.cwd(), file));
    process.stdout.write(format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : `${quirkMarkdown(doc)}\n`);
    return Promise.resolve(ExitCode.ok);
  },
};
