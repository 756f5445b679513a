import { ParseError } from '../../media/errors/parse-error.ts';

/**
 * A request that can never become valid, with the status the server answers before it closes the
 * connection (RFC 9112: 400 for bad syntax, 431 for an oversize head, 501 for an unknown transfer
 * coding, 505 for another HTTP version, 417 for an unmet expectation).
 */
export class HttpParseError extends ParseError {
  override readonly name = 'HttpParseError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
