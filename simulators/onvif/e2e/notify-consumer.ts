import { EventEmitter, once } from 'node:events';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { type Socket, createServer as createTcpServer } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

export interface ParsedNotificationMessage {
  topic: string;
  subscription: string;
  producer: string;
  utcTime: string;
  operation: string;
  source: Record<string, string>;
  data: Record<string, string>;
}

export interface ReceivedNotify {
  path: string;
  /** The sender's address: a camera pushes from its own address. */
  from: string;
  contentType: string;
  action: string;
  body: string;
  messages: ParsedNotificationMessage[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (name) => name === 'NotificationMessage' || name === 'SimpleItem',
});

type Node = Record<string, unknown>;
const items = (holder: unknown): Record<string, string> =>
  Object.fromEntries(
    (((holder as Node | undefined)?.SimpleItem ?? []) as Array<{ Name: string; Value: string }>).map((i) => [
      i.Name,
      String(i.Value),
    ]),
  );

/** Parses a wsnt:Notify envelope with fast-xml-parser (an independent reader, not the simulator's own). */
export function parseNotify(body: string): { action: string; messages: ParsedNotificationMessage[] } {
  const env = (parser.parse(body) as Node).Envelope as Node;
  const header = env.Header as Node;
  const notify = (env.Body as Node).Notify as Node;
  const messages = (notify.NotificationMessage as Node[]).map((nm) => {
    const msg = (nm.Message as Node).Message as Node;
    return {
      topic: String((nm.Topic as Node)['#text']),
      subscription: String((nm.SubscriptionReference as Node).Address),
      producer: String((nm.ProducerReference as Node).Address),
      utcTime: String(msg.UtcTime),
      operation: String(msg.PropertyOperation),
      source: items(msg.Source),
      data: items(msg.Data),
    };
  });
  return { action: String(header.Action), messages };
}

/** A WS-BaseNotification consumer: a real node:http server that records every Notify POSTed to it. */
export class NotifyConsumer {
  readonly received: ReceivedNotify[] = [];
  private readonly events = new EventEmitter();

  private constructor(
    private readonly server: Server,
    readonly address: string,
    readonly port: number,
  ) {}

  static async start(address: string): Promise<NotifyConsumer> {
    const server = createServer();
    server.listen(0, address);
    await once(server, 'listening');
    const consumer = new NotifyConsumer(server, address, (server.address() as { port: number }).port);
    server.on('request', (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const parsed = parseNotify(body);
        consumer.received.push({
          path: req.url ?? '',
          from: req.socket.remoteAddress ?? '',
          contentType: req.headers['content-type'] ?? '',
          body,
          ...parsed,
        });
        res.writeHead(202).end();
        consumer.events.emit('notify');
      });
    });
    return consumer;
  }

  url(path: string): string {
    return `http://${this.address}:${this.port}${path}`;
  }

  /** Notifies received at `path`, once there are at least `count` of them (deadline 5 s). */
  async atLeast(path: string, count: number): Promise<ReceivedNotify[]> {
    const signal = AbortSignal.timeout(5_000);
    for (;;) {
      const mine = this.received.filter((r) => r.path === path);
      if (mine.length >= count) return mine;
      await once(this.events, 'notify', { signal });
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A consumer that accepts connections and never answers: the camera must time out on it, not wait. */
export class HangingConsumer {
  readonly sockets = new Set<Socket>();
  private readonly events = new EventEmitter();

  private constructor(
    private readonly server: ReturnType<typeof createTcpServer>,
    readonly url: string,
  ) {}

  static async start(address: string): Promise<HangingConsumer> {
    const server = createTcpServer();
    server.listen(0, address);
    await once(server, 'listening');
    const consumer = new HangingConsumer(
      server,
      `http://${address}:${(server.address() as { port: number }).port}/hang`,
    );
    server.on('connection', (s: Socket) => {
      consumer.sockets.add(s);
      s.on('close', () => consumer.sockets.delete(s));
      s.on('error', () => undefined);
      consumer.events.emit('connection');
    });
    return consumer;
  }

  async connected(): Promise<void> {
    if (this.sockets.size > 0) return;
    await once(this.events, 'connection', { signal: AbortSignal.timeout(5_000) });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
