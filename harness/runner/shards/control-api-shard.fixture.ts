import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HeadroomReading } from '../../../simulators/api/process-headroom.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { Observation } from '../../../simulators/observations/observation.ts';

let logNumber = 0;

export interface ShardCamera {
  id: string;
  site: string;
  model: string;
}

/**
 * A small control API in process, speaking what simulators/api/control-api.ts speaks for the
 * routes `camlab run --shards` and `camlab load --shards` use: GET /api/inventory, POST and
 * DELETE /api/users, POST and DELETE /api/faults, GET /api/observations/stream, GET
 * /api/headroom (whatever `headroom` holds; undefined answers 404, as an older shard would). It
 * numbers its faults from 1 like every shard, so two shards give the same ids, records
 * `fault.applied`/`fault.cleared` for its own cameras, numbers its observations and replays those
 * after a reconnecting reader's Last-Event-ID, and
 * can be lost (every socket cut, nothing listening).
 */
export class ControlApiShard {
  readonly requests: { method: string; path: string; body?: unknown; authorization?: string }[] = [];
  readonly faults = new Map<string, { kind: string; cameras: string[] }>();
  /** The users POST /api/users added and DELETE has not taken back. */
  readonly users = new Set<string>();
  headroom: HeadroomReading | undefined;
  clockOffsetMs = 0;
  private faultNumber = 0;
  private readonly streams = new Set<ServerResponse>();
  /** Every observation emitted, by sequence number: a stream resumed by Last-Event-ID replays those after it. */
  private readonly history: string[] = [];
  private logId = `log-${++logNumber}`;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly index: number,
    readonly count: number,
    readonly cameras: readonly ShardCamera[],
    readonly url: string,
  ) {}

  static async start(index: number, count: number, cameras: readonly ShardCamera[]): Promise<ControlApiShard> {
    const holder: { shard?: ControlApiShard } = {};
    const server = createServer((req, res) => void holder.shard!.handle(req, res));
    server.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const shard = new ControlApiShard(server, index, count, cameras, `http://127.0.0.1:${port}`);
    holder.shard = shard;
    server.on('connection', (s) => {
      shard.sockets.add(s);
      s.on('close', () => shard.sockets.delete(s));
    });
    return shard;
  }

  /** Sends one observation to every stream (as the shard's log would), its id its sequence number in the shard's log. */
  emit(o: Observation | { kind: string; atMs: number; [k: string]: unknown }): void {
    const seq = this.history.push(JSON.stringify(o)) - 1;
    for (const res of this.streams) res.write(`id: ${seq}\ndata: ${this.history[seq]}\n\n`);
  }

  /** Ends every stream while the shard serves on (a proxy's timeout, a network blip). */
  endStreams(): void {
    for (const res of [...this.streams]) {
      this.streams.delete(res);
      res.end();
    }
  }

  /** As a restarted shard process: a new log, what the old one recorded gone. */
  restartLog(): void {
    this.logId = `log-${++logNumber}`;
    this.history.length = 0;
  }

  /** Sends raw text to every stream. */
  emitRaw(text: string): void {
    for (const res of this.streams) res.write(text);
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** The shard goes away: its sockets cut, nothing listening. */
  lose(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return this.close();
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private inventoryCamera(c: ShardCamera, k: number): InventoryCamera {
    const port = 20_000 + 2 * k;
    return {
      id: c.id,
      name: c.id,
      site: c.site,
      location: c.site,
      model: c.model,
      manufacturer: 'Camlab Optics',
      address: '127.0.0.1',
      rtspPort: port,
      onvifPort: port + 1,
      rtsp: { main: `rtsp://127.0.0.1:${port}/main`, sub: `rtsp://127.0.0.1:${port}/sub` },
      onvif: `http://127.0.0.1:${port + 1}/onvif/device_service`,
      snapshot: `http://127.0.0.1:${port + 1}/snapshot.jpg`,
      ptz: false,
      username: 'admin',
      password: 'camlab',
      shard: this.index,
    };
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      ...(body !== undefined ? { body } : {}),
      ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
    });
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /api/inventory') {
      this.json(res, 200, {
        generatedAt: new Date(Date.now() + this.clockOffsetMs).toISOString(),
        api: this.url,
        ...(this.count > 1 ? { shard: { index: this.index, count: this.count } } : {}),
        sites: [...new Set(this.cameras.map((c) => c.site))].map((name) => ({
          name,
          addressBlock: '127.20.0.0/24',
          cameras: this.cameras.filter((c) => c.site === name).length,
        })),
        cameras: this.cameras.map((c, k) => this.inventoryCamera(c, k)),
      });
    } else if (route === 'POST /api/users') {
      for (const u of (body!.users as { username: string }[]) ?? []) this.users.add(u.username);
      res.writeHead(204).end();
    } else if (req.method === 'DELETE' && url.pathname.startsWith('/api/users/')) {
      const name = decodeURIComponent(url.pathname.slice('/api/users/'.length));
      if (!this.users.delete(name)) this.json(res, 404, { error: `no user '${name}'`, issues: [] });
      else res.writeHead(204).end();
    } else if (route === 'GET /api/headroom' && this.headroom !== undefined) {
      this.json(res, 200, this.headroom);
    } else if (route === 'POST /api/faults') {
      const id = `fault-${++this.faultNumber}`;
      const target = (body!.target as { cameras: string[] }).cameras;
      const mine = target.filter((t) => this.cameras.some((c) => c.id === t));
      this.faults.set(id, { kind: body!.kind as string, cameras: mine });
      const params = { ...(body!.params as Record<string, unknown>) };
      this.emit({
        kind: 'fault.applied',
        atMs: Date.now(),
        faultId: id,
        fault: body!.kind as string,
        cameras: mine,
        params,
      });
      this.json(res, 201, { id });
    } else if (req.method === 'DELETE' && url.pathname.startsWith('/api/faults/')) {
      const id = decodeURIComponent(url.pathname.slice('/api/faults/'.length));
      const f = this.faults.get(id);
      if (f === undefined) {
        this.json(res, 404, { error: `no fault '${id}'`, issues: [] });
        return;
      }
      this.faults.delete(id);
      this.emit({
        kind: 'fault.cleared',
        atMs: Date.now(),
        faultId: id,
        fault: f.kind,
        cameras: f.cameras,
        params: {},
      });
      res.writeHead(204).end();
    } else if (route === 'GET /api/observations/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'camlab-log-id': this.logId });
      res.write(': camlab observations\n\n');
      const after = req.headers['last-event-id'];
      if (typeof after === 'string')
        for (let seq = Number(after) + 1; seq < this.history.length; seq++)
          res.write(`id: ${seq}\ndata: ${this.history[seq]}\n\n`);
      this.streams.add(res);
      res.on('close', () => this.streams.delete(res));
    } else {
      this.json(res, 404, { error: `no route ${route}`, issues: [] });
    }
  }
}
