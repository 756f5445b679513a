import type { RtspResponse } from './rtsp-message.ts';
import { rtspReason } from './rtsp-status.ts';

/** Serialises a response (RFC 2326 §7); adds Content-Length when there is a body. */
export function encodeRtspResponse(res: RtspResponse): Buffer {
  let head = `RTSP/1.0 ${res.status} ${rtspReason(res.status)}\r\n`;
  for (const [name, value] of res.headers) head += `${name}: ${value}\r\n`;
  const body = res.body === undefined ? undefined : Buffer.from(res.body, 'utf8');
  if (body !== undefined) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body === undefined ? headBytes : Buffer.concat([headBytes, body]);
}

/** Client side: serialises a request. */
export function encodeRtspRequest(
  method: string,
  uri: string,
  headers: readonly (readonly [string, string])[],
  body?: string,
): Buffer {
  let head = `${method} ${uri} RTSP/1.0\r\n`;
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
  const bodyBytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
  if (bodyBytes !== undefined) head += `Content-Length: ${bodyBytes.length}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return bodyBytes === undefined ? headBytes : Buffer.concat([headBytes, bodyBytes]);
}
