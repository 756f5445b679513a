import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { type HttpLimits, defaultHttpLimits } from './http-limits.ts';
import { HttpParseError } from './http-parse-error.ts';
import { InvalidStateError } from '../wire/invalid-state-error.ts';
import { type HttpRequest, type HttpRequestHead, parseHttpRequest } from './http-request-parser.ts';
import { type HttpResponse, encodeHttpResponse, httpDate } from './http-response.ts';

export interface HttpServerOptions {
  limits?: HttpLimits;
  /** A request head must be complete this long after its first byte (node:http's headersTimeout). */
  headersTimeoutMs?: number;
  /** A connection with nothing in flight and nothing arriving is closed after this long. */
  idleTimeoutMs?: number;
  /** Each accepted connection, before a byte is read: the place to record it, or to reset it. */
  onConnection?: (socket: Socket, peer: string) => void;
  /** Each request, one at a time per connection: the next one is read once this one is answered. */
  handler: (exchange: HttpExchange) => void;
}

/** One request on one connection, answered exactly once with reply(). */
export class HttpExchange {
  private replied = false;

  constructor(
    private readonly conn: HttpConnection,
    /** For a too-large request the body is empty: answer, and the connection closes. */
    readonly request: HttpRequest,
    readonly bodyTooLarge: boolean,
  ) {}

  get socket(): Socket {
    return this.conn.socket;
  }

  /** The client's 'address:port'. */
  get peer(): string {
    return this.conn.peer;
  }

  /** False once the client has gone: an answer would reach nobody. */
  get open(): boolean {
    return !this.conn.socket.destroyed;
  }

  /**
   * Sends the answer as one write (or, with `pacing`, in chunks a timer apart, as a slow device
   * drip-feeds it; the next pipelined request waits for the last chunk). `onSent` runs once the bytes are with the kernel (the point
   * node:http calls 'finish'). Returns false when the client had already gone.
   */
  reply(res: HttpResponse, onSent?: () => void, pacing?: ResponsePacing): boolean {
    if (this.replied) throw new InvalidStateError(`${this.request.method} ${this.request.target} was already answered`);
    this.replied = true;
    return this.conn.answer(this, res, onSent, pacing);
  }
}

/** A drip-fed answer: chunkBytes every intervalMs. */
export interface ResponsePacing {
  chunkBytes: number;
  intervalMs: number;
}

const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/** One client connection: parse, hand one request to the handler, answer, repeat. */
class HttpConnection {
  readonly peer: string;
  /** Received bytes not yet parsed into a request (pipelined requests wait here). */
  private pending: Buffer | undefined;
  private inFlight: HttpExchange | undefined;
  private continueSent = false;
  /** When the first byte of the current, still incomplete head arrived (0: none pending). */
  private headStartedMs = 0;
  private ending = false;
  private paused = false;
  private readonly drainNext = (): void => this.drain();
  /** The next chunk of a paced answer; cleared when the connection closes. */
  private dripTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: Socket,
    private readonly server: HttpServer,
  ) {
    this.peer = `${socket.remoteAddress ?? ''}:${socket.remotePort ?? 0}`;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // A reset or a broken pipe ends the connection; 'close' does the bookkeeping.
    socket.on('error', () => undefined);
    socket.on('timeout', () => this.onTimeout());
    socket.once('close', () => clearTimeout(this.dripTimer));
  }

  private onData(chunk: Buffer): void {
    if (this.ending) return;
    if (this.pending === undefined) {
      this.pending = chunk;
      this.headStartedMs = Date.now();
    } else {
      this.pending = Buffer.concat([this.pending, chunk]);
    }
    if (this.inFlight !== undefined) {
      // Pipelined bytes wait for the answer; stop reading once they could not be one request.
      if (this.pending.length > this.server.limits.maxHeaderBytes + this.server.limits.maxBodyBytes) {
        this.paused = true;
        this.socket.pause();
      }
      return;
    }
    this.drain();
  }

  /** Parses and dispatches the next request, if one is complete and none is in flight. */
  private drain(): void {
    while (this.inFlight === undefined && !this.ending && this.pending !== undefined) {
      let inbound;
      try {
        inbound = parseHttpRequest(this.pending, this.server.limits);
      } catch (err) {
        if (!(err instanceof HttpParseError)) throw err;
        this.refuse(err.status, err.message);
        return;
      }
      if (inbound === undefined || inbound.kind === 'incomplete-body') {
        if (Date.now() - this.headStartedMs > this.server.headersTimeoutMs && inbound === undefined) {
          this.refuse(408, 'request head not complete in time');
          return;
        }
        if (inbound?.head.expectContinue === true && !this.continueSent) {
          this.continueSent = true;
          this.socket.write(CONTINUE);
        }
        return;
      }
      this.continueSent = false;
      if (inbound.kind === 'too-large') {
        this.pending = undefined;
        this.ending = true;
        this.dispatch(new HttpExchange(this, { ...headOnly(inbound.head), body: Buffer.alloc(0) }, true));
        return;
      }
      const rest = this.pending.length - inbound.consumedBytes;
      this.pending = rest === 0 ? undefined : this.pending.subarray(inbound.consumedBytes);
      if (rest > 0) this.headStartedMs = Date.now();
      this.dispatch(new HttpExchange(this, inbound.request, false));
    }
  }

  private dispatch(exchange: HttpExchange): void {
    this.inFlight = exchange;
    try {
      this.server.handler(exchange);
    } catch (err) {
      console.error(
        `http: ${exchange.request.method} ${exchange.request.target} from ${this.peer}: ${(err as Error).stack ?? String(err)}`,
      );
      if (this.inFlight === exchange)
        exchange.reply({ status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'internal error\n' });
    }
  }

  answer(
    exchange: HttpExchange,
    res: HttpResponse,
    onSent: (() => void) | undefined,
    pacing: ResponsePacing | undefined,
  ): boolean {
    if (this.socket.destroyed || !this.socket.writable) {
      if (this.inFlight === exchange) this.inFlight = undefined;
      return false;
    }
    const request = exchange.request;
    const close = this.ending || !request.keepAlive;
    const bytes = encodeHttpResponse(res, {
      headOnly: request.method === 'HEAD',
      close,
      announceKeepAlive: request.version === '1.0',
      date: this.server.date(),
    });
    if (pacing !== undefined && bytes.length > pacing.chunkBytes) {
      this.drip(exchange, bytes, 0, pacing, close, onSent);
      return true;
    }
    if (this.inFlight === exchange) this.inFlight = undefined;
    this.socket.write(bytes, onSent === undefined ? undefined : (err) => err == null && onSent());
    this.afterAnswer(close);
    return true;
  }

  /** Writes one chunk of a paced answer and schedules the next; the request stays in flight until the last. */
  private drip(
    exchange: HttpExchange,
    bytes: Buffer,
    offset: number,
    pacing: ResponsePacing,
    close: boolean,
    onSent: (() => void) | undefined,
  ): void {
    if (this.socket.destroyed) return;
    const end = Math.min(bytes.length, offset + Math.max(1, pacing.chunkBytes));
    if (end < bytes.length) {
      this.socket.write(bytes.subarray(offset, end));
      this.dripTimer = setTimeout(() => this.drip(exchange, bytes, end, pacing, close, onSent), pacing.intervalMs);
      return;
    }
    if (this.inFlight === exchange) this.inFlight = undefined;
    this.socket.write(bytes.subarray(offset), onSent === undefined ? undefined : (err) => err == null && onSent());
    this.afterAnswer(close);
  }

  private afterAnswer(close: boolean): void {
    if (close) {
      this.ending = true;
      this.pending = undefined;
      this.socket.end();
      return;
    }
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    // Pipelined requests are read on the next tick, so a synchronous handler cannot recurse.
    if (this.pending !== undefined) process.nextTick(this.drainNext);
  }

  /** Answers a request that cannot be read and closes: the stream can no longer be framed. */
  private refuse(status: number, reason: string): void {
    this.ending = true;
    this.pending = undefined;
    const bytes = encodeHttpResponse(
      { status, headers: { 'Content-Type': 'text/plain' }, body: `${reason}\n` },
      { headOnly: false, close: true, announceKeepAlive: false, date: this.server.date() },
    );
    this.socket.end(bytes);
  }

  private onTimeout(): void {
    // A request in flight may take long (a PullMessages long poll): its answer re-arms the timer.
    if (this.inFlight !== undefined) return;
    // Ending: our side is closed, and a client that never closes its own must not keep the socket.
    if (this.pending === undefined || this.ending) this.socket.destroy();
    else this.refuse(408, 'request not complete in time');
  }
}

function headOnly(head: HttpRequestHead): HttpRequestHead {
  // The body was never read, so the connection cannot be kept: the answer says Connection: close.
  return { ...head, keepAlive: false };
}

/**
 * A small HTTP/1.1 server over node:net for camlab's device endpoints (ONVIF, snapshots): one
 * listener per device, thousands at once, so per-request cost matters more than features. It
 * speaks what ONVIF clients use — Content-Length and chunked bodies, keep-alive, pipelining,
 * Expect: 100-continue, HEAD — and answers malformed input with its status, then closes.
 */
export class HttpServer {
  readonly limits: HttpLimits;
  readonly headersTimeoutMs: number;
  readonly handler: (exchange: HttpExchange) => void;
  private readonly onConnection: HttpServerOptions['onConnection'];
  private readonly net: Server;
  private readonly sockets = new Set<Socket>();
  private closing: Promise<void> | undefined;
  private dateSecond = -1;
  private dateText = '';

  constructor(opts: HttpServerOptions) {
    this.limits = opts.limits ?? defaultHttpLimits;
    this.headersTimeoutMs = opts.headersTimeoutMs ?? 10_000;
    this.handler = opts.handler;
    this.onConnection = opts.onConnection;
    const idleTimeoutMs = opts.idleTimeoutMs ?? 15_000;
    this.net = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      // node:http does the same: answers are single small writes that must not wait for an ACK.
      socket.setNoDelay(true);
      socket.setTimeout(idleTimeoutMs);
      const conn = new HttpConnection(socket, this);
      this.onConnection?.(socket, conn.peer);
    });
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    if (this.closing !== undefined) throw new InvalidStateError('HttpServer is closed');
    return new Promise((resolve, reject) => {
      this.net.once('error', reject);
      this.net.listen(port, host, () => {
        this.net.off('error', reject);
        this.net.on('error', (err) => console.error(`http: listener ${host}:${port}: ${err.message}`));
        resolve(this.net.address() as AddressInfo);
      });
    });
  }

  /** Stops listening and drops every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (!this.net.listening) {
        resolve();
        return;
      }
      this.net.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  /** The Date field, formatted once per second. */
  date(): string {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.dateSecond) {
      this.dateSecond = second;
      this.dateText = httpDate(now);
    }
    return this.dateText;
  }
}
