/**
 * The ONVIF bench's load generator: keep-alive sockets over node:net with pre-built request
 * bytes, so the generator costs a few µs per request and the server under test is what runs
 * out first. HTTP Digest is answered per request with a rising nonce count (one MD5 each).
 * Every response is framed by its Content-Length and checked for status 200 and a
 * GetProfilesResponse body; anything else is an error with a sample kept for the report.
 *
 * Two ways to drive it:
 * - closed loop (no rateRps): each client sends its next request the moment the last answer
 *   arrives, which finds the server's saturation throughput;
 * - open loop (rateRps): requests are due at fixed instants spread evenly over the clients,
 *   and latency runs from the instant a request was due, not from when it could be sent
 *   (wrk2's correction for coordinated omission), so a stalled server shows as latency.
 */
import { hash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface LoadTarget {
  host: string;
  port: number;
  path: string;
  /** Answer the target's HTTP Digest challenge with these credentials. */
  credentials?: { username: string; password: string };
}

export interface PhaseOptions {
  targets: readonly LoadTarget[];
  /** Concurrent clients; each owns every clients-th target with one keep-alive socket to it (at least one target per client). */
  clients: number;
  body: string;
  /** Text every good response body contains. */
  expect: string;
  warmupMs: number;
  durationMs: number;
  /** Open loop at this many requests per second over all clients; closed loop when absent. */
  rateRps?: number;
  /** Called when the measured window opens (the bench starts the server's CPU meter there). */
  onMeasureStart?: () => void;
}

export interface PhaseResult {
  requests: number;
  errors: number;
  errorSamples: string[];
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  responseBytes: number;
  /** Share of one core the generator itself used while measuring (near 1 means it, not the server, set the pace). */
  generatorCpuShare: number;
}

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_HEADER_BYTES = 16 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
/** node:http spells it so; any other spelling takes the slower case-insensitive path. */
const CONTENT_LENGTH = Buffer.from('\r\nContent-Length: ');
const CONTENT_LENGTH_RE = /\r\ncontent-length:[ \t]*(\d+)/i;

/** The Content-Length of the header ending at `end`, or -1 when there is none. */
function contentLength(buf: Buffer, end: number): number {
  const at = buf.indexOf(CONTENT_LENGTH);
  if (at < 0 || at > end) {
    const m = CONTENT_LENGTH_RE.exec(buf.toString('latin1', 0, end + 2));
    return m === null ? -1 : Number(m[1]);
  }
  let n = 0;
  let i = at + CONTENT_LENGTH.length;
  for (let c = buf[i]!; c >= 48 && c <= 57; c = buf[++i]!) n = n * 10 + c - 48;
  return i === at + CONTENT_LENGTH.length ? -1 : n;
}

class Digest {
  private nc = 0;
  private readonly ha1: string;
  private readonly ha2: string;
  private readonly prefix: string;
  private readonly cnonce = randomBytes(8).toString('hex');

  constructor(
    credentials: { username: string; password: string },
    realm: string,
    private readonly nonce: string,
    uri: string,
  ) {
    this.ha1 = hash('md5', `${credentials.username}:${realm}:${credentials.password}`, 'hex');
    this.ha2 = hash('md5', `POST:${uri}`, 'hex');
    this.prefix = `Authorization: Digest username="${credentials.username}", realm="${realm}", nonce="${nonce}", uri="${uri}", qop=auth, nc=`;
  }

  /** The Authorization header line for the next request (RFC 7616 §3.4.1, MD5, qop=auth). */
  next(): string {
    const nc = (++this.nc).toString(16).padStart(8, '0');
    const response = hash('md5', `${this.ha1}:${this.nonce}:${nc}:${this.cnonce}:auth:${this.ha2}`, 'hex');
    return `${this.prefix}${nc}, cnonce="${this.cnonce}", response="${response}"\r\n`;
  }
}

/** One keep-alive socket to one target, one request in flight at most. */
class Connection {
  readonly socket: Socket;
  digest: Digest | undefined;
  inFlight = false;
  dead = false;
  sentAtMs = 0;
  /** Where the in-flight request's latency starts: its due time when sent late (open loop), else its send time. */
  dueAtMs = 0;
  private pending: Buffer | undefined;
  private headerEnd = -1;
  private totalBytes = -1;
  private onAnswer: ((status: number, header: string, body: Buffer | undefined) => void) | undefined;
  private readonly head: string;

  constructor(
    readonly target: LoadTarget,
    private readonly body: string,
    private readonly onDeath: (conn: Connection, why: string) => void,
  ) {
    this.head = `POST ${target.path} HTTP/1.1\r\nHost: ${target.host}:${target.port}\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    this.socket = connect({ host: target.host, port: target.port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) => this.die(err.message));
    this.socket.on('close', () => this.die('connection closed by the server'));
  }

  send(answer: (status: number, header: string, body: Buffer | undefined) => void): void {
    this.inFlight = true;
    this.onAnswer = answer;
    this.sentAtMs = performance.now();
    this.socket.write(`${this.head}${this.digest === undefined ? '' : this.digest.next()}\r\n${this.body}`, 'latin1');
  }

  private onData(chunk: Buffer): void {
    const buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.headerEnd < 0) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) {
        if (buf.length > MAX_RESPONSE_HEADER_BYTES)
          return this.fail(`response header above ${MAX_RESPONSE_HEADER_BYTES} bytes`);
        this.pending = buf;
        return;
      }
      const length = contentLength(buf, end);
      if (length < 0) return this.fail('response without Content-Length');
      this.headerEnd = end;
      this.totalBytes = end + 4 + length;
    }
    if (buf.length < this.totalBytes) {
      this.pending = buf;
      return;
    }
    if (buf.length > this.totalBytes || !this.inFlight)
      return this.fail('bytes after the response (nothing was pipelined)');
    const status = (buf[9]! - 48) * 100 + (buf[10]! - 48) * 10 + (buf[11]! - 48);
    const header = status === 200 ? '' : buf.toString('latin1', 0, this.headerEnd);
    const body = buf.subarray(this.headerEnd + 4);
    this.pending = undefined;
    this.headerEnd = -1;
    this.totalBytes = -1;
    this.inFlight = false;
    const answer = this.onAnswer!;
    this.onAnswer = undefined;
    answer(status, header, body);
  }

  private fail(why: string): void {
    this.socket.destroy();
    this.die(why);
  }

  private die(why: string): void {
    if (this.dead) return;
    this.dead = true;
    this.onDeath(this, why);
  }

  close(): void {
    this.dead = true;
    this.socket.destroy();
  }
}

/** Opens one socket per target and, where the target wants Digest, fetches its challenge once. */
async function open(opts: PhaseOptions, onDeath: (conn: Connection, why: string) => void): Promise<Connection[]> {
  const conns = opts.targets.map((t) => new Connection(t, opts.body, onDeath));
  await Promise.all(
    conns.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          c.socket.once('error', reject);
          c.socket.once('connect', () => {
            const credentials = c.target.credentials;
            if (credentials === undefined) return resolve();
            c.send((status, header) => {
              const realm = /realm="([^"]+)"/.exec(header)?.[1];
              const nonce = /nonce="([^"]+)"/.exec(header)?.[1];
              if (status !== 401 || realm === undefined || nonce === undefined) {
                reject(new Error(`${c.target.host}: expected a 401 Digest challenge, got ${status}`));
                return;
              }
              c.digest = new Digest(credentials, realm, nonce, c.target.path);
              resolve();
            });
          });
        }),
    ),
  );
  return conns;
}

/** Latencies in a growing Float64Array: no per-request allocation. */
class Samples {
  private values = new Float64Array(1 << 16);
  length = 0;

  add(ms: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = ms;
  }

  sorted(): Float64Array {
    return this.values.subarray(0, this.length).sort();
  }
}

/** A client: sends on its own sockets in turn, one request at a time. */
class Client {
  private turn = 0;
  private k = 0;
  done = false;
  /** Bound once: the timer and answer callbacks allocate nothing per request. */
  readonly fire = (): void => this.sendNext();
  readonly answer = (status: number, header: string, body: Buffer | undefined): void =>
    this.onAnswer(status, header, body);
  private current: Connection | undefined;

  constructor(
    private readonly run: Run,
    private readonly index: number,
    private readonly conns: Connection[],
  ) {}

  start(): void {
    if (this.run.intervalMs === undefined) this.sendNext();
    else this.schedule();
  }

  /** Open loop: the k-th request of client i is due at t0 + (i + k·clients)/rate. */
  private dueMs(): number {
    return this.run.t0Ms + (this.index + this.k * this.run.clients) * this.run.intervalMs!;
  }

  private schedule(): void {
    const wait = this.dueMs() - performance.now();
    if (wait > 1) setTimeout(this.fire, wait - 1);
    else this.sendNext();
  }

  private sendNext(): void {
    const nowMs = performance.now();
    const due = this.run.intervalMs === undefined ? nowMs : this.dueMs();
    // Node timers tick on a whole-millisecond loop clock, so one may fire up to 1 ms either side of
    // its time. Waking up to 1 ms early and sending then keeps timer lateness out of the figures;
    // such a request's latency runs from its actual send, never from before it.
    if (due - nowMs > 1) {
      setTimeout(this.fire, due - nowMs - 1);
      return;
    }
    if (due >= this.run.stopAtMs) {
      this.finish();
      return;
    }
    if (nowMs > this.run.stopAtMs + REQUEST_TIMEOUT_MS) {
      this.run.error(`the server fell more than ${REQUEST_TIMEOUT_MS} ms behind the offered rate`);
      this.finish();
      return;
    }
    const conn = this.conns[this.turn++ % this.conns.length]!;
    if (conn.dead) {
      this.run.error(`${conn.target.host}: socket gone before a request could be sent`);
      this.finish();
      return;
    }
    this.k++;
    this.current = conn;
    conn.send(this.answer);
    conn.dueAtMs = this.run.intervalMs === undefined ? conn.sentAtMs : Math.min(due, conn.sentAtMs);
  }

  private onAnswer(status: number, header: string, body: Buffer | undefined): void {
    const conn = this.current!;
    this.current = undefined;
    const nowMs = performance.now();
    if (status !== 200) this.run.error(`${conn.target.host}: HTTP ${status} ${header.slice(0, 200)}`);
    else if (body === undefined || body.indexOf(this.run.expectBytes) < 0)
      this.run.error(`${conn.target.host}: 200 without ${this.run.expect}: ${body?.toString('utf8', 0, 200) ?? ''}`);
    else if (conn.dueAtMs >= this.run.measureFromMs) this.run.record(nowMs - conn.dueAtMs, body.length);
    if (this.run.intervalMs === undefined) this.sendNext();
    else this.schedule();
  }

  /** The socket died with this client's request in it. */
  lost(conn: Connection): boolean {
    if (this.current !== conn) return false;
    this.current = undefined;
    this.finish();
    return true;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.run.clientDone();
  }
}

class Run {
  readonly samples = new Samples();
  errors = 0;
  readonly errorSamples: string[] = [];
  responseBytes = 0;
  t0Ms = 0;
  measureFromMs = Number.POSITIVE_INFINITY;
  stopAtMs = Number.POSITIVE_INFINITY;
  readonly intervalMs: number | undefined;
  readonly expectBytes: Buffer;
  private active = 0;
  private resolveDone: (() => void) | undefined;

  constructor(
    readonly clients: number,
    readonly expect: string,
    rateRps: number | undefined,
  ) {
    this.intervalMs = rateRps === undefined ? undefined : 1000 / rateRps;
    this.expectBytes = Buffer.from(expect);
  }

  record(latencyMs: number, bytes: number): void {
    this.samples.add(latencyMs);
    this.responseBytes += bytes;
  }

  error(why: string): void {
    this.errors++;
    if (this.errorSamples.length < 5) this.errorSamples.push(why);
  }

  started(count: number): Promise<void> {
    this.active = count;
    return new Promise((resolve) => (this.resolveDone = resolve));
  }

  clientDone(): void {
    if (--this.active === 0) this.resolveDone?.();
  }
}

export async function runPhase(opts: PhaseOptions): Promise<PhaseResult> {
  const run = new Run(opts.clients, opts.expect, opts.rateRps);
  const clients: Client[] = [];
  const onDeath = (conn: Connection, why: string): void => {
    for (const c of clients) if (c.lost(conn)) run.error(`${conn.target.host}: ${why} with a request in flight`);
  };
  if (opts.targets.length < opts.clients)
    throw new Error(
      `${opts.clients} clients need at least as many targets (repeat an endpoint to share it), got ${opts.targets.length}`,
    );
  const conns = await open(opts, onDeath);
  const owned: Connection[][] = Array.from({ length: opts.clients }, () => []);
  conns.forEach((c, i) => owned[i % opts.clients]!.push(c));
  for (let i = 0; i < opts.clients; i++) clients.push(new Client(run, i, owned[i]!));

  const now = performance.now();
  run.t0Ms = now;
  run.measureFromMs = now + opts.warmupMs;
  run.stopAtMs = run.measureFromMs + opts.durationMs;
  let cpuAtStart = process.cpuUsage();
  const meter = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    opts.onMeasureStart?.();
  }, opts.warmupMs);
  // A request unanswered this long counts as an error and ends its client (the bench then fails).
  const watchdog = setInterval(() => {
    const t = performance.now();
    for (const c of conns) {
      if (c.inFlight && !c.dead && t - c.sentAtMs > REQUEST_TIMEOUT_MS)
        c.socket.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`));
    }
  }, 1000);
  const done = run.started(clients.length);
  for (const c of clients) c.start();
  await done;
  const cpu = process.cpuUsage(cpuAtStart);
  clearTimeout(meter);
  clearInterval(watchdog);
  for (const c of conns) c.close();

  const latencies = run.samples.sorted();
  const q = (p: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    requests: latencies.length,
    errors: run.errors,
    errorSamples: run.errorSamples,
    rps: latencies.length / (opts.durationMs / 1000),
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    responseBytes: latencies.length === 0 ? 0 : run.responseBytes / latencies.length,
    generatorCpuShare: (cpu.user + cpu.system) / 1000 / opts.durationMs,
  };
}
