import net from 'node:net';
import {
  type DigestChallenge,
  digestAuthorization,
  parseDigestChallenge,
} from '../../../simulators/wire/digest-auth.ts';
import { encodeRtspRequest } from '../../../simulators/rtsp/rtsp-encoder.ts';
import { parseRtspResponseInbound, type RtspResponseMessage } from '../../../simulators/rtsp/rtsp-parser.ts';

const requestTimeoutMs = 5_000;

/** A stream URL split into where to connect, what to ask for, and who asks. */
function parts(url: string): { host: string; port: number; uri: string; user: string; password: string } {
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  return { host: u.hostname, port: Number(u.port || 554), uri: u.toString(), user, password };
}

/** Sends one request on `socket` and reads one response (the connection carries nothing else). */
function exchange(socket: net.Socket, request: Buffer): Promise<RtspResponseMessage> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const done = (err: Error | undefined, res?: RtspResponseMessage) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (err !== undefined) reject(err);
      else resolve(res!);
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      try {
        const parsed = parseRtspResponseInbound(buffered);
        if (parsed?.kind === 'response') done(undefined, parsed.response);
      } catch (err) {
        done(err as Error);
      }
    };
    const onClose = () => done(new Error('connection closed'));
    const timer = setTimeout(() => done(new Error('no answer')), requestTimeoutMs);
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.write(request);
  });
}

async function connect(host: string, port: number): Promise<net.Socket> {
  const socket = net.connect({ host, port });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timed out')), requestTimeoutMs);
    socket.once('connect', () => (clearTimeout(timer), resolve()));
    socket.once('close', () => (clearTimeout(timer), reject(new Error('connection refused'))));
  });
  return socket;
}

/**
 * The mini hub's periodic check that it may still use a camera: an authenticated DESCRIBE on one
 * kept-open connection, reusing the last digest nonce as clients do. A 401 with stale=true is
 * answered as `staleNonce` says: 'retry' with the new nonce (RFC 7616 §3.3), or 'give-up', taking
 * it for a wrong password ('refused'). Every other failure is 'unreachable': the pull's business.
 */
export class RtspHealthCheck {
  private socket: net.Socket | undefined;
  private challenge: DigestChallenge | undefined;
  private cseq = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly staleNonce: 'retry' | 'give-up',
  ) {}

  async run(): Promise<'ok' | 'refused' | 'unreachable'> {
    if (this.closed) return 'unreachable';
    const { host, port, uri, user, password } = parts(this.url);
    try {
      if (this.socket === undefined || this.socket.destroyed) this.socket = await connect(host, port);
      let res = await this.describe(uri, user, password);
      if (res.status === 401) {
        const stale = /stale=(?:"?true"?)/i.test(res.headers.get('www-authenticate') ?? '');
        const wasFirst = this.challenge === undefined;
        this.challenge = parseDigestChallenge(res.headers.get('www-authenticate'));
        if (stale && this.staleNonce === 'give-up') return 'refused';
        if (!stale && !wasFirst) return 'unreachable';
        res = await this.describe(uri, user, password);
      }
      return res.status === 200 ? 'ok' : 'unreachable';
    } catch {
      this.socket?.destroy();
      this.socket = undefined;
      return 'unreachable';
    }
  }

  private describe(uri: string, user: string, password: string): Promise<RtspResponseMessage> {
    const headers: [string, string][] = [
      ['CSeq', String(++this.cseq)],
      ['Accept', 'application/sdp'],
    ];
    if (this.challenge !== undefined) {
      headers.push(['Authorization', digestAuthorization(this.challenge, 'DESCRIBE', uri, user, password)]);
    }
    return exchange(this.socket!, encodeRtspRequest('DESCRIBE', uri, headers));
  }

  /** Closes the kept-open connection. Idempotent. */
  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/**
 * The careless hub's habit: before pulling, one DESCRIBE with the password in Basic, whether or
 * not the camera offers Basic. Resolves with the status (or undefined when nothing answered).
 */
export async function describeWithBasic(url: string): Promise<number | undefined> {
  const { host, port, uri, user, password } = parts(url);
  let socket: net.Socket | undefined;
  try {
    socket = await connect(host, port);
    const basic = Buffer.from(`${user}:${password}`).toString('base64');
    const res = await exchange(
      socket,
      encodeRtspRequest('DESCRIBE', uri, [
        ['CSeq', '1'],
        ['Accept', 'application/sdp'],
        ['Authorization', `Basic ${basic}`],
      ]),
    );
    return res.status;
  } catch {
    return undefined;
  } finally {
    socket?.destroy();
  }
}
