import { ParseError } from '../errors/parse-error.ts';

/** A media format's parameters from an SDP `a=fmtp:<pt> k=v;k=v` line (RFC 4566 §6). */
export type FmtpParameters = ReadonlyMap<string, string>;

/** Formats parameters as the value after `a=fmtp:<pt> `, in insertion order. */
export function formatFmtp(parameters: FmtpParameters): string {
  const parts: string[] = [];
  for (const [key, value] of parameters) {
    parts.push(`${key}=${value}`);
  }
  return parts.join(';');
}

/**
 * Parses the value after `a=fmtp:<pt> `. Keys are lower-cased (RFC 6184 §8.1: parameter names
 * are case-insensitive); empty parts from a trailing ';' are tolerated, as many cameras send one.
 */
export function parseFmtp(text: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const rawPart of text.split(';')) {
    const part = rawPart.trim();
    if (part === '') {
      continue;
    }
    const eq = part.indexOf('=');
    if (eq <= 0) {
      throw new ParseError(`fmtp parameter '${part}' is not key=value`);
    }
    parameters.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return parameters;
}
