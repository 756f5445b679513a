import { type HttpLimits, defaultHttpLimits } from './http-limits.ts';
import { HttpParseError } from './http-parse-error.ts';

/**
 * Pure HTTP/1.1 request parser (RFC 9112): bytes in, one request out. Returns undefined while the
 * head is incomplete and throws HttpParseError (with the status to answer) when the bytes can
 * never become a valid request. Strict where leniency lets requests be smuggled: CRLF line ends,
 * no obs-fold, no whitespace before a colon, Content-Length and Transfer-Encoding never together.
 */

const CR = 0x0d;
const LF = 0x0a;
const CRLF = '\r\n';
const HEAD_END = '\r\n\r\n';
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** tchar (RFC 9110 §5.6.2) by byte: header names are checked a character at a time, no regex per line. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
  TCHAR[c.charCodeAt(0)] = 1;
const TARGET = /^[\x21-\x7e]+$/;
const DIGITS = /^\d{1,15}$/;
const HEX = /^[0-9A-Fa-f]{1,8}$/;

export interface HttpRequestHead {
  method: string;
  /** The request-target as sent: origin form (path and query) for every request camlab serves. */
  target: string;
  version: '1.0' | '1.1';
  /** Lower-cased names; repeated fields joined with ", " (RFC 9110 §5.3). */
  headers: ReadonlyMap<string, string>;
  /** Whether the connection stays open after the answer (RFC 9112 §9.3). */
  keepAlive: boolean;
  /** The client waits for "100 Continue" before it sends the body (RFC 9110 §10.1.1). */
  expectContinue: boolean;
}

export interface HttpRequest extends HttpRequestHead {
  /** A view into the parsed bytes (or the joined chunks): valid as long as those bytes are not reused. */
  body: Buffer;
}

export type HttpInbound =
  | { kind: 'request'; request: HttpRequest; consumedBytes: number }
  /** The head is complete, the body is still arriving. */
  | { kind: 'incomplete-body'; head: HttpRequestHead }
  /** The body exceeds maxBodyBytes: answer and close, the rest of the stream cannot be framed. */
  | { kind: 'too-large'; head: HttpRequestHead };

type Framing = { kind: 'none' } | { kind: 'length'; bytes: number } | { kind: 'chunked' };

export function parseHttpRequest(buf: Buffer, limits: HttpLimits = defaultHttpLimits): HttpInbound | undefined {
  // A server SHOULD ignore empty lines before the request line (RFC 9112 §2.2).
  let start = 0;
  while (start + 1 < buf.length && buf[start] === CR && buf[start + 1] === LF) start += 2;
  if (start >= buf.length || (buf.length - start === 1 && buf[start] === CR)) return undefined;
  // Not the start of a method: TLS, HTTP/2 framing or garbage is refused now, not at the head limit.
  if (!isTokenByte(buf[start]!))
    throw new HttpParseError(400, `a request starts with a method token, got byte 0x${buf[start]!.toString(16)}`);
  const headEnd = buf.indexOf(HEAD_END, start, 'latin1');
  if (headEnd < 0) {
    if (buf.length - start > limits.maxHeaderBytes)
      throw new HttpParseError(431, `request head exceeds maxHeaderBytes ${limits.maxHeaderBytes}`);
    return undefined;
  }
  if (headEnd + 4 - start > limits.maxHeaderBytes)
    throw new HttpParseError(
      431,
      `request head of ${headEnd + 4 - start} bytes exceeds maxHeaderBytes ${limits.maxHeaderBytes}`,
    );
  const bodyStart = headEnd + 4;
  checkHeadBytes(buf, start, headEnd);
  const { head, framing } = parseHead(buf.toString('latin1', start, headEnd), limits);
  if (framing.kind === 'none')
    return { kind: 'request', request: withBody(head, buf.subarray(bodyStart, bodyStart)), consumedBytes: bodyStart };
  if (framing.kind === 'length') {
    if (framing.bytes > limits.maxBodyBytes) return { kind: 'too-large', head };
    if (buf.length - bodyStart < framing.bytes) return { kind: 'incomplete-body', head };
    return {
      kind: 'request',
      request: withBody(head, buf.subarray(bodyStart, bodyStart + framing.bytes)),
      consumedBytes: bodyStart + framing.bytes,
    };
  }
  const chunked = decodeChunked(buf, bodyStart, limits);
  if (chunked === 'incomplete') return { kind: 'incomplete-body', head };
  if (chunked === 'too-large') return { kind: 'too-large', head };
  return { kind: 'request', request: withBody(head, chunked.body), consumedBytes: chunked.end };
}

function isTokenByte(b: number): boolean {
  return b < 128 && TCHAR[b] === 1;
}

/** Spelled out: an object spread here cost more than the whole rest of the parse (measured, node 20). */
function withBody(head: HttpRequestHead, body: Buffer): HttpRequest {
  return {
    method: head.method,
    target: head.target,
    version: head.version,
    headers: head.headers,
    keepAlive: head.keepAlive,
    expectContinue: head.expectContinue,
    body,
  };
}

/**
 * One pass over the head's bytes for what no line may hold: control characters other than HTAB,
 * and CR or LF outside a CRLF pair (RFC 9110 §5.5, RFC 9112 §2.2). Bytes, not string characters:
 * a typed-array loop costs a fraction of charCodeAt or a regex over the same text.
 */
function checkHeadBytes(buf: Buffer, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (b >= 0x20 ? b !== 0x7f : b === 0x09 || (b === CR && buf[i + 1] === LF) || (b === LF && buf[i - 1] === CR))
      continue;
    throw new HttpParseError(
      400,
      `the request head holds ${b === CR || b === LF ? 'a bare CR or LF' : `control byte 0x${b.toString(16)}`} at offset ${i - from}`,
    );
  }
}

function parseHead(text: string, limits: HttpLimits): { head: HttpRequestHead; framing: Framing } {
  const lines = text.split(CRLF);
  const requestLine = lines[0]!;
  const parts = requestLine.split(' ');
  if (parts.length !== 3)
    throw new HttpParseError(
      400,
      `request line needs "METHOD target HTTP/1.1", got ${JSON.stringify(requestLine.slice(0, 64))}`,
    );
  const [method, target, versionText] = parts as [string, string, string];
  if (!TOKEN.test(method))
    throw new HttpParseError(400, `method is not a token: ${JSON.stringify(method.slice(0, 32))}`);
  if (!TARGET.test(target))
    throw new HttpParseError(
      400,
      `request target is empty or holds spaces or control characters: ${JSON.stringify(target.slice(0, 64))}`,
    );
  let version: '1.0' | '1.1';
  if (versionText === 'HTTP/1.1') version = '1.1';
  else if (versionText === 'HTTP/1.0') version = '1.0';
  else if (/^HTTP\/\d\.\d$/.test(versionText))
    throw new HttpParseError(505, `${versionText} is not supported; this server speaks HTTP/1.0 and HTTP/1.1`);
  else throw new HttpParseError(400, `version must be HTTP/1.x, got ${JSON.stringify(versionText.slice(0, 32))}`);
  if (lines.length - 1 > limits.maxHeaderCount)
    throw new HttpParseError(431, `${lines.length - 1} header fields exceed maxHeaderCount ${limits.maxHeaderCount}`);

  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    // obs-fold: a continuation line must be rejected by a server (RFC 9112 §5.2).
    if (line.charCodeAt(0) === 0x20 || line.charCodeAt(0) === 0x09)
      throw new HttpParseError(400, 'obsolete line folding in the header section');
    let colon = 0;
    while (colon < line.length && line.charCodeAt(colon) !== 0x3a) {
      // Whitespace before the colon is refused, not trimmed (RFC 9112 §5.1).
      if (!isTokenByte(line.charCodeAt(colon)))
        throw new HttpParseError(
          400,
          `header name is not a token: ${JSON.stringify(line.slice(0, Math.min(colon + 1, 64)))}`,
        );
      colon++;
    }
    if (colon === 0 || colon === line.length)
      throw new HttpParseError(400, `header line without a name: ${JSON.stringify(line.slice(0, 64))}`);
    let a = colon + 1;
    let b = line.length;
    while (a < b && (line.charCodeAt(a) === 0x20 || line.charCodeAt(a) === 0x09)) a++;
    while (b > a && (line.charCodeAt(b - 1) === 0x20 || line.charCodeAt(b - 1) === 0x09)) b--;
    // Field values may hold HTAB but no other control character (RFC 9110 §5.5).
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(a, b);
    const seen = headers.get(name);
    if (seen === undefined) headers.set(name, value);
    else if (name === 'host') throw new HttpParseError(400, 'more than one Host header');
    else headers.set(name, `${seen}, ${value}`);
  }
  if (version === '1.1' && !headers.has('host'))
    throw new HttpParseError(400, 'an HTTP/1.1 request must carry a Host header');

  const connection = tokens(headers.get('connection'));
  const keepAlive =
    version === '1.1'
      ? !connection.includes('close')
      : connection.includes('keep-alive') && !connection.includes('close');
  const expect = headers.get('expect');
  if (expect !== undefined && expect.toLowerCase() !== '100-continue')
    throw new HttpParseError(417, `unsupported expectation ${JSON.stringify(expect.slice(0, 32))}`);
  const head: HttpRequestHead = {
    method,
    target,
    version,
    headers,
    keepAlive,
    expectContinue: expect !== undefined && version === '1.1',
  };
  return { head, framing: framingOf(headers, version) };
}

/** RFC 9112 §6.3: how the body is delimited, or why it cannot be. */
function framingOf(headers: ReadonlyMap<string, string>, version: '1.0' | '1.1'): Framing {
  const te = headers.get('transfer-encoding');
  const cl = headers.get('content-length');
  if (te !== undefined) {
    if (cl !== undefined)
      throw new HttpParseError(400, 'both Transfer-Encoding and Content-Length: the body cannot be framed safely');
    if (version === '1.0') throw new HttpParseError(400, 'Transfer-Encoding in an HTTP/1.0 request');
    const codings = tokens(te);
    if (codings[codings.length - 1] !== 'chunked')
      throw new HttpParseError(400, `Transfer-Encoding must end with chunked, got ${JSON.stringify(te.slice(0, 64))}`);
    if (codings.length > 1)
      throw new HttpParseError(501, `transfer coding ${JSON.stringify(codings[0])} is not supported`);
    return { kind: 'chunked' };
  }
  if (cl === undefined) return { kind: 'none' };
  // Repeated identical values (a list or repeated fields) are one length (RFC 9110 §8.6).
  const values = cl.split(',').map(trimOws);
  if (!values.every((v) => DIGITS.test(v) && v === values[0]))
    throw new HttpParseError(400, `Content-Length must be one decimal integer, got ${JSON.stringify(cl.slice(0, 32))}`);
  const bytes = Number(values[0]);
  return bytes === 0 ? { kind: 'none' } : { kind: 'length', bytes };
}

/** RFC 9112 §7.1: chunk-size [ext] CRLF data CRLF ... 0 CRLF trailers CRLF. */
function decodeChunked(
  buf: Buffer,
  from: number,
  limits: HttpLimits,
): { body: Buffer; end: number } | 'incomplete' | 'too-large' {
  const parts: Buffer[] = [];
  let size = 0;
  let at = from;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, at, 'latin1');
    if (lineEnd < 0) {
      if (buf.length - at > limits.maxHeaderBytes) throw new HttpParseError(400, 'chunk size line too long');
      return 'incomplete';
    }
    const line = buf.toString('latin1', at, lineEnd);
    const semicolon = line.indexOf(';');
    const sizeText = trimOws(semicolon < 0 ? line : line.slice(0, semicolon));
    if (!HEX.test(sizeText)) throw new HttpParseError(400, `bad chunk size ${JSON.stringify(line.slice(0, 32))}`);
    const chunkBytes = Number.parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (chunkBytes === 0) break;
    size += chunkBytes;
    if (size > limits.maxBodyBytes) return 'too-large';
    if (buf.length < at + chunkBytes + 2) return 'incomplete';
    if (buf[at + chunkBytes] !== CR || buf[at + chunkBytes + 1] !== LF)
      throw new HttpParseError(400, 'chunk data is not followed by CRLF');
    parts.push(buf.subarray(at, at + chunkBytes));
    at += chunkBytes + 2;
  }
  // Trailer fields are read past and dropped: nothing camlab serves depends on them.
  const trailerStart = at;
  for (;;) {
    const lineEnd = buf.indexOf(CRLF, at, 'latin1');
    if (lineEnd < 0) {
      if (buf.length - trailerStart > limits.maxHeaderBytes)
        throw new HttpParseError(431, `trailer section exceeds maxHeaderBytes ${limits.maxHeaderBytes}`);
      return 'incomplete';
    }
    if (lineEnd === at) return { body: parts.length === 1 ? parts[0]! : Buffer.concat(parts, size), end: lineEnd + 2 };
    const colon = buf.indexOf(':', at, 'latin1');
    if (colon <= at || colon > lineEnd) throw new HttpParseError(400, 'trailer line without a name');
    at = lineEnd + 2;
  }
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 0x20 || s.charCodeAt(a) === 0x09)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 0x20 || s.charCodeAt(b - 1) === 0x09)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function tokens(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((t) => trimOws(t).toLowerCase())
    .filter((t) => t !== '');
}
