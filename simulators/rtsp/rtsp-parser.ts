import { ParseError } from '../../media/errors/parse-error.ts';
import type { InterleavedFrame, RtspInbound, RtspRequest } from './rtsp-message.ts';
import type { RtspLimits } from './rtsp-limits.ts';
import { defaultRtspLimits } from './rtsp-limits.ts';

/**
 * Pure RTSP 1.0 wire parser (RFC 2326 §6, §10.12): bytes in, one message out. Returns undefined
 * while the message is incomplete, throws ParseError when it can never become valid. Lengths are
 * checked against the named limits before anything is read.
 */

const DOLLAR = 0x24;
const LF = 0x0a;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VERSION = /^RTSP\/\d\.\d$/;

export interface RtspResponseMessage {
  version: string;
  status: number;
  reason: string;
  headers: ReadonlyMap<string, string>;
  body: Buffer;
}

export type RtspResponseInbound =
  | { kind: 'response'; response: RtspResponseMessage; consumedBytes: number }
  | { kind: 'interleaved'; frame: InterleavedFrame; consumedBytes: number };

/** Server side: a request or an interleaved frame at the start of buf. */
export function parseRtspInbound(buf: Buffer, limits: RtspLimits = defaultRtspLimits): RtspInbound | undefined {
  if (buf.length === 0) return undefined;
  if (buf[0] === DOLLAR) return parseInterleaved(buf);
  const head = parseHead(buf, limits);
  if (head === undefined) return undefined;
  const parts = head.startLine.split(' ');
  if (parts.length !== 3) throw new ParseError(`request line needs 3 parts "METHOD URI RTSP/1.0", got ${parts.length}`);
  const [method, uri, version] = parts as [string, string, string];
  if (!TOKEN.test(method)) throw new ParseError(`method is not a token: ${JSON.stringify(method.slice(0, 32))}`);
  if (uri.length === 0) throw new ParseError('empty request URI');
  if (!VERSION.test(version))
    throw new ParseError(`version must be RTSP/x.y, got ${JSON.stringify(version.slice(0, 32))}`);
  const body = bodyOf(buf, head, limits);
  if (body === undefined) return undefined;
  const request: RtspRequest = { method, uri, version, headers: head.headers, body };
  return { kind: 'request', request, consumedBytes: head.headEnd + body.length };
}

/** Client side: a response or an interleaved frame at the start of buf. */
export function parseRtspResponseInbound(
  buf: Buffer,
  limits: RtspLimits = defaultRtspLimits,
): RtspResponseInbound | undefined {
  if (buf.length === 0) return undefined;
  if (buf[0] === DOLLAR) return parseInterleaved(buf);
  const head = parseHead(buf, limits);
  if (head === undefined) return undefined;
  const m = /^(RTSP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(head.startLine);
  if (m === null) throw new ParseError(`bad status line ${JSON.stringify(head.startLine.slice(0, 64))}`);
  const body = bodyOf(buf, head, limits);
  if (body === undefined) return undefined;
  const response: RtspResponseMessage = {
    version: m[1]!,
    status: Number(m[2]),
    reason: m[3] ?? '',
    headers: head.headers,
    body,
  };
  return { kind: 'response', response, consumedBytes: head.headEnd + body.length };
}

function parseInterleaved(
  buf: Buffer,
): { kind: 'interleaved'; frame: InterleavedFrame; consumedBytes: number } | undefined {
  if (buf.length < 4) return undefined;
  const length = buf.readUInt16BE(2);
  if (buf.length < 4 + length) return undefined;
  return {
    kind: 'interleaved',
    frame: { channel: buf[1]!, payload: buf.subarray(4, 4 + length) },
    consumedBytes: 4 + length,
  };
}

interface Head {
  startLine: string;
  headers: Map<string, string>;
  /** Offset of the first body byte. */
  headEnd: number;
}

function parseHead(buf: Buffer, limits: RtspLimits): Head | undefined {
  const scanLimit = Math.min(buf.length, limits.maxHeaderBytes);
  let headEnd = -1;
  let lineStart = 0;
  for (let i = 0; i < scanLimit; i++) {
    if (buf[i] !== LF) continue;
    if (i - lineStart > limits.maxLineBytes)
      throw new ParseError(`header line of ${i - lineStart} bytes exceeds maxLineBytes ${limits.maxLineBytes}`);
    // An empty line (LF or CRLF alone) ends the head; bare LF is tolerated as many clients send it.
    const lineLength = i - lineStart - (i > lineStart && buf[i - 1] === 0x0d ? 1 : 0);
    if (lineLength === 0 && lineStart > 0) {
      headEnd = i + 1;
      break;
    }
    if (lineLength === 0 && lineStart === 0) throw new ParseError('empty start line');
    lineStart = i + 1;
  }
  if (headEnd < 0) {
    if (scanLimit - lineStart > limits.maxLineBytes)
      throw new ParseError(`header line exceeds maxLineBytes ${limits.maxLineBytes}`);
    if (buf.length >= limits.maxHeaderBytes)
      throw new ParseError(`head exceeds maxHeaderBytes ${limits.maxHeaderBytes}`);
    return undefined;
  }
  const text = buf.toString('latin1', 0, headEnd);
  const lines = text.split(/\r?\n/);
  // The split leaves the terminating empty line and the empty string after it.
  lines.length -= 2;
  if (lines.length - 1 > limits.maxHeaderCount)
    throw new ParseError(`${lines.length - 1} headers exceed maxHeaderCount ${limits.maxHeaderCount}`);
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ParseError(`header line without name: ${JSON.stringify(line.slice(0, 64))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!TOKEN.test(name)) throw new ParseError(`header name is not a token: ${JSON.stringify(name.slice(0, 64))}`);
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { startLine: lines[0]!, headers, headEnd };
}

function bodyOf(buf: Buffer, head: Head, limits: RtspLimits): Buffer | undefined {
  const raw = head.headers.get('content-length');
  if (raw === undefined) return Buffer.alloc(0);
  if (!/^\d{1,9}$/.test(raw))
    throw new ParseError(`Content-Length must be a decimal integer, got ${JSON.stringify(raw.slice(0, 32))}`);
  const length = Number(raw);
  if (length > limits.maxBodyBytes)
    throw new ParseError(`Content-Length ${length} exceeds maxBodyBytes ${limits.maxBodyBytes}`);
  if (buf.length < head.headEnd + length) return undefined;
  // Copy so that the caller's receive buffer can be reused or dropped.
  return Buffer.from(buf.subarray(head.headEnd, head.headEnd + length));
}
