import type { HttpCall } from './declarative-adapter-schema.ts';
import { readJsonPath } from './json-path.ts';
import { renderJsonTemplate, renderTemplate, type TemplateData } from './template.ts';

/** How much of a failed response's body an error quotes. */
const maxQuotedBodyChars = 300;

/** A hub call that failed: carries the HTTP status (0 when no response came at all). */
export class HubCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HubCallError';
  }
}

export interface HttpCallResult {
  status: number;
  text: string;
  /** The parsed body when it was JSON. */
  json: unknown;
  /** The values the call's `save` asked for. */
  saved: Record<string, string | number | boolean>;
}

/** A templated call rendered for sending. */
export interface RenderedHttpRequest {
  method: HttpCall['method'];
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Renders a call's URL, headers (with Basic credentials) and body; a missing value throws TemplateError. */
export function renderHttpRequest(call: HttpCall, data: TemplateData): RenderedHttpRequest {
  const url = renderTemplate(call.url, data);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(call.headers ?? {})) headers[k.toLowerCase()] = renderTemplate(v, data);
  if (call.basicAuth !== undefined) {
    const user = renderTemplate(call.basicAuth.username, data);
    const password = renderTemplate(call.basicAuth.password, data);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  let body: string | undefined;
  if (call.json !== undefined) {
    body = JSON.stringify(renderJsonTemplate(call.json, data));
    headers['content-type'] ??= 'application/json';
  } else if (call.body !== undefined) {
    body = renderTemplate(call.body, data);
  }
  return { method: call.method, url, headers, body };
}

/**
 * Renders one templated call, sends it with a deadline and checks the status. `label` names the
 * call in errors (e.g. "provision mk-001"), with the method, URL, status and the start of the body.
 */
export async function sendHttpCall(
  call: HttpCall,
  data: TemplateData,
  label: string,
  signal?: AbortSignal,
): Promise<HttpCallResult> {
  const { url, headers, body } = renderHttpRequest(call, data);
  const timeout = AbortSignal.timeout(call.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, {
      method: call.method,
      headers,
      body,
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
  } catch (err) {
    const reason = timeout.aborted
      ? `no answer within ${call.timeoutMs} ms`
      : (err as Error).cause instanceof Error
        ? ((err as Error).cause as Error).message
        : (err as Error).message;
    throw new HubCallError(0, `${label}: ${call.method} ${url} failed: ${reason}`);
  }
  const text = await res.text();
  const ok =
    call.expectStatus === undefined ? res.status >= 200 && res.status < 300 : call.expectStatus.includes(res.status);
  if (!ok) {
    const expected = call.expectStatus === undefined ? '2xx' : call.expectStatus.join(' or ');
    throw new HubCallError(
      res.status,
      `${label}: ${call.method} ${url} answered ${res.status}, expected ${expected}: ${text.slice(0, maxQuotedBodyChars)}`,
    );
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    json = undefined;
  }
  const saved: HttpCallResult['saved'] = {};
  for (const [name, from] of Object.entries(call.save ?? {})) {
    const value = from === 'body' ? text.trim() : readJsonPath(json, from);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new HubCallError(
        res.status,
        `${label}: cannot save '${name}': ${from === 'body' ? 'empty body' : `no single value at ${from} in ${text.slice(0, maxQuotedBodyChars)}`}`,
      );
    }
    saved[name] = value;
  }
  return { status: res.status, text, json, saved };
}
