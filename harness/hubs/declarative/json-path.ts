/**
 * The small JSON path subset adapter files use to pick values out of a hub's JSON:
 * `$` (the whole value), `$.a.b`, `$.items[0].name`, `$['key with spaces']`, and `$key` — the key
 * of the current entry when iterating an object's entries. Enough for REST payloads; no
 * filters or wildcards, so every path names at most one value.
 */
export type JsonPathStep = string | number;

const stepPattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(?:'([^']*)'|"([^"]*)")\]/y;

export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

/** Parses a path; `$key` parses to the marker 'key' kind. */
export function parseJsonPath(path: string): { kind: 'key' } | { kind: 'steps'; steps: JsonPathStep[] } {
  if (path === '$key') return { kind: 'key' };
  if (!path.startsWith('$'))
    throw new JsonPathError(`'${path}': a JSON path starts with '$', e.g. $.camera or $.events[0].id`);
  const steps: JsonPathStep[] = [];
  let i = 1;
  while (i < path.length) {
    stepPattern.lastIndex = i;
    const m = stepPattern.exec(path);
    if (m === null)
      throw new JsonPathError(`'${path}': cannot read the path at character ${i + 1} ('${path.slice(i)}')`);
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4]!)));
    i = stepPattern.lastIndex;
  }
  return { kind: 'steps', steps };
}

/** Reads the value at `path`, or undefined where the document has nothing there. */
export function readJsonPath(value: unknown, path: string, entryKey?: string): unknown {
  const parsed = parseJsonPath(path);
  if (parsed.kind === 'key') return entryKey;
  let v = value;
  for (const step of parsed.steps) {
    if (v === null || typeof v !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[step];
    } else {
      if (!Object.hasOwn(v, step)) return undefined;
      v = (v as Record<string, unknown>)[step];
    }
  }
  return v;
}
