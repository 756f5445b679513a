import { z } from 'zod';
import { nmsApp } from './nms-config.ts';

/**
 * A client of node-media-server's REST API (`/api/server`, `/api/streams`, `/api/relay`), logged
 * in with HTTP Basic as its `auth.api` section requires. Responses are checked with zod but not
 * `.strict()`: they are a third party's output and gain fields between versions.
 */
export class NmsApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'NmsApiError';
  }
}

const serverInfoSchema = z.object({
  version: z.string(),
  clients: z.object({
    accepted: z.number(),
    active: z.number(),
    idle: z.number(),
    rtmp: z.number(),
    http: z.number(),
    ws: z.number(),
  }),
  net: z.object({ inbytes: z.number(), outbytes: z.number() }),
});
export type NmsServerInfo = z.infer<typeof serverInfoSchema>;

const publisherSchema = z.object({ clientId: z.string(), connectCreated: z.string(), bytes: z.number() });
const subscriberSchema = z.object({ clientId: z.string(), protocol: z.string(), bytes: z.number() });
const streamsSchema = z.record(
  z.string(),
  z.record(z.string(), z.object({ publisher: publisherSchema.nullable(), subscribers: z.array(subscriberSchema) })),
);
export type NmsStreams = z.infer<typeof streamsSchema>;

const relayListSchema = z.array(z.object({ id: z.string(), app: z.string(), name: z.string() }));

export class NmsApi {
  private readonly authorization: string;

  constructor(
    readonly baseUrl: string,
    user: string,
    password: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  async serverInfo(): Promise<NmsServerInfo> {
    return serverInfoSchema.parse(await this.json('GET', '/api/server'));
  }

  /** Publishing streams of the relay app, by stream name. */
  async streams(): Promise<NmsStreams[string]> {
    return streamsSchema.parse(await this.json('GET', '/api/streams'))[nmsApp] ?? {};
  }

  /** POST /api/relay/pull: NMS starts one ffmpeg pulling `url` into /live/name; the reply is its id. */
  async pull(url: string, name: string): Promise<string> {
    const res = await this.request('POST', '/api/relay/pull', { url, app: nmsApp, name, rtsp_transport: 'tcp' });
    return res.text();
  }

  async relaysOf(name: string): Promise<string[]> {
    const body = await this.json('GET', `/api/relay/${nmsApp}/${encodeURIComponent(name)}`);
    return relayListSchema.parse(body).map((r) => r.id);
  }

  async deleteRelay(id: string): Promise<void> {
    await this.request('DELETE', `/api/relay/${encodeURIComponent(id)}`);
  }

  private async json(method: string, path: string): Promise<unknown> {
    return (await this.request(method, path)).json();
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: this.authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new NmsApiError(res.status, `node-media-server ${method} ${path}: HTTP ${res.status}`);
    }
    return res;
  }
}
