/** One problem with a request, by field: `{ path: 'target.site', message: "unknown site 'x'" }`. */
export interface HttpIssue {
  path: string;
  message: string;
}

/** An error that carries its HTTP status; the API's one error handler turns it into the response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: HttpIssue[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Renders a zod/issue path the way users write it: target.cameras[2]. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** zod issues as HTTP issues; an unknown key is reported at the key itself, not its parent. */
export function zodIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[],
  prefix: readonly PropertyKey[] = [],
): HttpIssue[] {
  return issues.map((i) => {
    const key = i.code === 'unrecognized_keys' && i.keys !== undefined && i.keys.length > 0 ? [i.keys[0]!] : [];
    return { path: issuePath([...prefix, ...i.path, ...key]), message: i.message };
  });
}
