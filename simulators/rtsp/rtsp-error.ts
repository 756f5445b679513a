/**
 * An error that carries its RTSP status and any headers the answer needs (WWW-Authenticate on 401,
 * Allow on 405). errorToResponse() turns it into the response.
 */
export class RtspError extends Error {
  override readonly name = 'RtspError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: readonly (readonly [string, string])[] = [],
  ) {
    super(message);
  }
}
