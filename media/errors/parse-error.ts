/**
 * Thrown by every media decoder for bytes that do not follow the format. Decoders check lengths
 * before reading so that malformed input surfaces as this error, never as a stray RangeError.
 */
export class ParseError extends Error {
  constructor(
    message: string,
    /** Byte offset in the input where parsing failed, when known. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = 'ParseError';
  }
}
