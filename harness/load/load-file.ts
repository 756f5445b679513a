import { readFile } from 'node:fs/promises';
import { InputError, parseYaml } from '../../simulators/config/yaml-document.ts';
import { loadFileSchema, type LoadFile } from './load-file-schema.ts';

/** Reads and validates a load file; throws one InputError naming file, line, field and expectation. */
export async function loadLoadFile(file: string): Promise<{ file: string; source: string; load: LoadFile }> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError([
      {
        file,
        line: 0,
        col: 0,
        path: '',
        message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      },
    ]);
  }
  return { file, source, load: parseYaml(source, file, loadFileSchema) };
}
