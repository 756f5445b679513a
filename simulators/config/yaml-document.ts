import { readFile } from 'node:fs/promises';
import { LineCounter, isCollection, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/** One problem in a user's file, located for the editor: `file:line:col path: message`. */
export interface InputIssue {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

export class InputError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputError';
  }
}

export function formatIssue(i: InputIssue): string {
  return `${i.file}:${i.line}:${i.col} ${i.path || '(root)'}: ${i.message}`;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Position of the node nearest to `path` in the document (walking up until something exists). */
function locate(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      // For a key that is missing inside a map, point at the map itself.
      const { line, col } = lines.linePos(node.range[0]);
      return { line, col };
    }
  }
  return { line: 1, col: 1 };
}

/**
 * Parses YAML text and validates it with a zod schema, keeping line numbers for every issue
 * (the YAML -> JSON step would otherwise lose them). Throws InputError listing every problem.
 */
export function parseYaml<S extends z.ZodType>(source: string, file: string, schema: S): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, path: '', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  if (!isCollection(doc.contents) && doc.contents !== null) {
    throw new InputError([{ file, line: 1, col: 1, path: '', message: 'expected a YAML mapping at the top level' }]);
  }
  const result = schema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => {
      let path = issue.path as PropertyKey[];
      // Unknown keys: zod reports them on the parent; point at the key itself.
      if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0]!];
      const { line, col } = locate(doc, lineCounter, path);
      return { file, line, col, path: pathText(path), message: issue.message };
    }),
  );
}

/**
 * Locates issues found after parsing (cross-file checks such as an unknown site in a target)
 * in the source, so they read like schema issues: `file:line:col path: message`.
 */
export function locateIssues(
  source: string,
  file: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): InputIssue[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  return issues.map((issue) => ({
    file,
    ...locate(doc, lineCounter, issue.path),
    path: pathText(issue.path),
    message: issue.message,
  }));
}

export async function readYamlFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
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
  return parseYaml(source, file, schema);
}
