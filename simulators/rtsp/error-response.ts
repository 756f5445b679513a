import type { RtspResponse } from './rtsp-message.ts';
import { RtspError } from './rtsp-error.ts';
import { ParseError } from '../../media/errors/parse-error.ts';

/**
 * The one place an error becomes an RTSP response: RtspError keeps its status and headers,
 * ParseError is 400, anything else is 500 (and the caller logs it once).
 */
export function errorToResponse(err: unknown, cseq: string | undefined): RtspResponse {
  const headers: (readonly [string, string])[] = [];
  if (cseq !== undefined) headers.push(['CSeq', cseq]);
  if (err instanceof RtspError) {
    headers.push(...err.headers);
    return { status: err.status, headers };
  }
  if (err instanceof ParseError) return { status: 400, headers };
  return { status: 500, headers };
}
