/**
 * The declarative adapter's template language: `{{ path }}` or `{{ path | filter }}` inside a
 * string, where path is dotted names (`camera.rtsp.main`) looked up in plain data. No code, no
 * eval, no loops: a vendor's file can only read values camlab hands it. A missing value is an
 * error, never an empty string, so a typo cannot silently provision a camera at a wrong URL.
 */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** What a template may read. `saved` holds values captured from earlier responses. */
export const templateRoots = ['camera', 'hub', 'vars', 'webhook', 'env', 'ptz', 'saved'] as const;
export type TemplateRoot = (typeof templateRoots)[number];

const filters = {
  urlencode: (v: string) => encodeURIComponent(v),
  base64: (v: string) => Buffer.from(v, 'utf8').toString('base64'),
  // A JSON string literal without the quotes, for values placed inside a JSON text body.
  json: (v: string) => JSON.stringify(v).slice(1, -1),
} as const;
type FilterName = keyof typeof filters;

interface Expression {
  path: string[];
  filters: FilterName[];
  source: string;
}
type Part = string | Expression;

const maxTemplateLength = 16 * 1024;
const namePattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Parses a template; throws TemplateError naming the first problem. */
export function parseTemplate(text: string): Part[] {
  if (text.length > maxTemplateLength) throw new TemplateError(`template longer than ${maxTemplateLength} characters`);
  const parts: Part[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      parts.push(text.slice(i));
      break;
    }
    if (open > i) parts.push(text.slice(i, open));
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError(`unclosed '{{' at character ${open + 1}`);
    parts.push(parseExpression(text.slice(open + 2, close)));
    i = close + 2;
  }
  return parts;
}

function parseExpression(inner: string): Expression {
  const [pathText = '', ...filterTexts] = inner.split('|').map((s) => s.trim());
  const path = pathText.split('.');
  if (pathText === '' || !path.every((p) => namePattern.test(p)))
    throw new TemplateError(`'{{${inner}}}': expected a dotted name such as camera.rtsp.main`);
  if (!(templateRoots as readonly string[]).includes(path[0]!)) {
    throw new TemplateError(`'{{${inner}}}': unknown name '${path[0]}', expected one of ${templateRoots.join(', ')}`);
  }
  const names: FilterName[] = [];
  for (const f of filterTexts) {
    if (!(f in filters))
      throw new TemplateError(
        `'{{${inner}}}': unknown filter '${f}', expected one of ${Object.keys(filters).join(', ')}`,
      );
    names.push(f as FilterName);
  }
  return { path, filters: names, source: `{{${inner}}}` };
}

export type TemplateData = Partial<Record<TemplateRoot, unknown>>;

function lookup(data: TemplateData, e: Expression): unknown {
  let value: unknown = data;
  for (const key of e.path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) {
      throw new TemplateError(`${e.source}: no value '${e.path.join('.')}' here`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null || typeof value === 'object')
    throw new TemplateError(`${e.source}: '${e.path.join('.')}' is not a single value`);
  return value;
}

function applyFilters(value: unknown, e: Expression): string {
  let text = String(value);
  for (const f of e.filters) text = filters[f](text);
  return text;
}

/** Renders a template to a string. */
export function renderTemplate(text: string, data: TemplateData): string {
  return parseTemplate(text)
    .map((p) => (typeof p === 'string' ? p : applyFilters(lookup(data, p), p)))
    .join('');
}

/**
 * Renders every string inside a JSON-like value. A string that is exactly one expression with
 * no filter keeps the value's type, so `port: "{{vars.port}}"` stays a number in a JSON body.
 */
export function renderJsonTemplate(value: unknown, data: TemplateData): unknown {
  if (typeof value === 'string') {
    const parts = parseTemplate(value);
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only !== undefined && typeof only !== 'string' && only.filters.length === 0) return lookup(data, only);
    return renderTemplate(value, data);
  }
  if (Array.isArray(value)) return value.map((v) => renderJsonTemplate(v, data));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderJsonTemplate(v, data)]));
  }
  return value;
}

/** Every template problem inside a JSON-like value, with the path to it, for the schema. */
export function jsonTemplateIssues(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; message: string }[] {
  if (typeof value === 'string') {
    try {
      parseTemplate(value);
      return [];
    } catch (err) {
      return [{ path, message: (err as Error).message }];
    }
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonTemplateIssues(v, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => jsonTemplateIssues(v, [...path, k]));
  return [];
}
