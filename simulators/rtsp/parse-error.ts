/** Malformed wire input. Parsers throw only this (never a stray RangeError); the server answers 400 or closes. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(message: string) {
    super(message);
  }
}
