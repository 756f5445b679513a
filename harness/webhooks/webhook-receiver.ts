import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidStateError } from '../../simulators/wire/invalid-state-error.ts';

/** One call a hub made to camlab. */
export interface WebhookCall {
  /** The hub instance named in the URL (/hooks/INSTANCE/...). */
  instance: string;
  /** The rest of the path after the instance, e.g. '/camera-lost'. */
  path: string;
  method: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, form fields, or the raw text when neither. */
  body: unknown;
  receivedAtMs: number;
}

export type WebhookHandler = (call: WebhookCall) => void;

/** A hook body larger than this is refused with 413: hubs send small notifications, not media. */
export const maxWebhookBodyBytes = 256 * 1024;

/**
 * The HTTP endpoint hubs call back (alarms, recording events): `POST|GET /hooks/INSTANCE/ANY`.
 * Every well-formed call gets 200 at once (node-media-server drops a session whose webhook does
 * not answer 200) and is handed to the handlers of its instance. Loopback by default.
 */
export class WebhookReceiver {
  private readonly handlers = new Map<string, Set<WebhookHandler>>();
  private closing: Promise<void> | undefined;
  private callsTotal = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly now: () => number,
  ) {}

  static async start(opts: { host?: string; port?: number; now?: () => number } = {}): Promise<WebhookReceiver> {
    const server = createServer();
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
    await once(server, 'listening');
    const { address, port } = server.address() as AddressInfo;
    const receiver = new WebhookReceiver(server, `http://${address}:${port}/hooks`, opts.now ?? Date.now);
    server.on('request', (req, res) => receiver.onRequest(req, res));
    return receiver;
  }

  /** The URL a hub instance should call, e.g. http://127.0.0.1:41234/hooks/council. */
  urlFor(instance: string): string {
    return `${this.baseUrl}/${encodeURIComponent(instance)}`;
  }

  /** Receives every call to `instance`; returns the unsubscribe function. */
  on(instance: string, handler: WebhookHandler): () => void {
    if (this.closing !== undefined) throw new InvalidStateError('WebhookReceiver is closed');
    let set = this.handlers.get(instance);
    if (set === undefined) this.handlers.set(instance, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  get received(): number {
    return this.callsTotal;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.handlers.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://camlab');
    const m = /^\/hooks\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (m === null) {
      reply(res, 404, { error: `not a hook URL: expected /hooks/INSTANCE/..., got ${url.pathname}` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxWebhookBodyBytes && !refused) {
        refused = true;
        reply(res, 413, { error: `body above ${maxWebhookBodyBytes} bytes` });
        req.resume();
        return;
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const text = Buffer.concat(chunks).toString('utf8');
      const parsed = parseBody(text, req.headers['content-type']);
      if (parsed instanceof Error) {
        reply(res, 400, { error: parsed.message });
        return;
      }
      const call: WebhookCall = {
        instance: decodeURIComponent(m[1]!),
        path: m[2] ?? '/',
        method: req.method ?? 'GET',
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
        ),
        body: parsed,
        receivedAtMs: this.now(),
      };
      this.callsTotal++;
      reply(res, 200, { ok: true });
      for (const handler of this.handlers.get(call.instance) ?? []) handler(call);
    });
    req.on('error', () => res.destroy());
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || (type === '' && /^[[{]/.test(text.trim()))) {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      return new Error(`body is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  return text;
}
