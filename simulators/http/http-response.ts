import { STATUS_CODES } from 'node:http';

export interface HttpResponse {
  status: number;
  /** Content-Length and Connection are written by the encoder; names are sent as given. */
  headers?: Readonly<Record<string, string | number>>;
  body?: Buffer | string;
}

export interface HttpResponseFraming {
  /** A HEAD request: the head says how long the given body is, the body is not sent. */
  headOnly: boolean;
  /** The server closes after this answer. */
  close: boolean;
  /** An HTTP/1.0 client asked to keep the connection: say yes explicitly (RFC 9112 §9.3). */
  announceKeepAlive: boolean;
  /** The Date field value, formatted by the caller (it owns the clock). */
  date: string;
}

/**
 * One answer as one buffer, head and body together, so the socket sees a single write: one
 * syscall and one TCP segment train per response instead of node:http's header-then-body writev.
 */
export function encodeHttpResponse(res: HttpResponse, framing: HttpResponseFraming): Buffer {
  const body = res.body;
  const bodyBytes = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  let head = `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? 'Unknown'}\r\nDate: ${framing.date}\r\n`;
  if (res.headers !== undefined) {
    // The body's length is the encoder's to state (on HEAD too: the body is given, not sent).
    for (const name in res.headers)
      if (name.toLowerCase() !== 'content-length') head += `${name}: ${res.headers[name]!}\r\n`;
  }
  head += `Content-Length: ${bodyBytes}\r\n`;
  if (framing.close) head += 'Connection: close\r\n';
  else if (framing.announceKeepAlive) head += 'Connection: keep-alive\r\n';
  head += '\r\n';
  const headBytes = Buffer.byteLength(head, 'latin1');
  const sent = framing.headOnly ? 0 : bodyBytes;
  const out = Buffer.allocUnsafe(headBytes + sent);
  out.write(head, 0, 'latin1');
  if (sent > 0) {
    // A string body is encoded straight into the answer, not into a buffer of its own first.
    if (typeof body === 'string') out.write(body, headBytes, 'utf8');
    else body!.copy(out, headBytes);
  }
  return out;
}

/** The IMF-fixdate of `ms` (RFC 9110 §5.6.7), as the Date field carries it. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
