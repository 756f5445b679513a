import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { motionHookEvents, type MotionHookEvent } from './motion-config.ts';

export interface MotionHook {
  event: MotionHookEvent;
  motionId: number;
  file?: string;
}

/**
 * The HTTP endpoint Motion's hooks call (with curl): `GET /motion/<event>?camera=<id>[&file=...]`.
 * Answers 200 to every well-formed hook so Motion's shell exits at once, 400 to anything else.
 */
export class MotionHookReceiver {
  private readonly server: Server;
  private closed = false;

  constructor(
    private readonly onHook: (hook: MotionHook) => void,
    private readonly address = '127.0.0.1',
  ) {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://hook');
      const event = url.pathname.replace(/^\/motion\//, '') as MotionHookEvent;
      const motionId = Number(url.searchParams.get('camera'));
      if (req.method !== 'GET' || !motionHookEvents.includes(event) || !Number.isInteger(motionId) || motionId < 1) {
        res
          .writeHead(400, { 'content-type': 'text/plain' })
          .end(`expected GET /motion/{${motionHookEvents.join('|')}}?camera=N\n`);
        return;
      }
      res.writeHead(200).end();
      this.onHook({ event, motionId, file: url.searchParams.get('file') ?? undefined });
    });
  }

  async listen(): Promise<string> {
    this.server.listen(0, this.address);
    await once(this.server, 'listening');
    const { port } = this.server.address() as AddressInfo;
    return `http://${this.address}:${port}/motion`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
