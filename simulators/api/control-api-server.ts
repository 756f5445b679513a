import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Fleet } from '../fleet/fleet.ts';
import { createControlApp } from './control-api.ts';
import { FleetMetrics } from './fleet-metrics.ts';
import { ProcessHeadroom } from './process-headroom.ts';

export class ApiTokenRequiredError extends Error {
  constructor(host: string) {
    super(
      `the control API on ${host} is reachable from other machines; give it a bearer token (--api-token or CAMLAB_API_TOKEN)`,
    );
    this.name = 'ApiTokenRequiredError';
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The control API listening on host:port; loopback by default, a bearer token required elsewhere. */
export class ControlApiServer {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly metrics: FleetMetrics,
    private readonly headroom: ProcessHeadroom,
    readonly url: string,
  ) {}

  static async start(
    fleet: Fleet,
    opts: { host?: string; port?: number; token?: string } = {},
  ): Promise<ControlApiServer> {
    const host = opts.host ?? '127.0.0.1';
    if (!isLoopback(host) && (opts.token === undefined || opts.token === '')) throw new ApiTokenRequiredError(host);
    const metrics = new FleetMetrics(fleet);
    const headroom = new ProcessHeadroom({ workers: () => fleet.workerLoopUtilization(), shard: fleet.shard });
    const holder: { baseUrl?: string } = {};
    const app = createControlApp(fleet, {
      token: opts.token,
      metrics,
      headroom,
      get baseUrl() {
        return holder.baseUrl;
      },
    });
    const server = app.listen(opts.port ?? 0, host);
    const sockets = new Set<Socket>();
    // SSE streams never end on their own: close() ends them.
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
    } catch (err) {
      metrics.close();
      headroom.close();
      throw err;
    }
    const { port } = server.address() as AddressInfo;
    holder.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return new ControlApiServer(server, sockets, metrics, headroom, holder.baseUrl);
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.metrics.close();
      this.headroom.close();
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    return this.closing;
  }
}
