import { ParseError } from '../errors/parse-error.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 decoding for sprop values: Node's decoder silently skips bad characters. */
export function decodeBase64Nal(text: string): Buffer {
  if (text === '' || !BASE64.test(text)) {
    throw new ParseError(`'${text}' is not base64`);
  }
  return Buffer.from(text, 'base64');
}
