import { createHash } from 'node:crypto';

/**
 * The SHA-256 of result.json's exact bytes, written beside it as `result.json.sha256` in
 * `sha256sum` format (so `sha256sum -c result.json.sha256` checks it) and shown in every other
 * report, so a report attached to a tender can be checked against its data.
 */
export function resultDigest(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/** One `sha256sum` line: the digest, two spaces, the file name. */
export function digestLine(digest: string, fileName: string): string {
  return `${digest}  ${fileName}\n`;
}

/** The digest a `sha256sum` line names, or undefined when the text is not one. */
export function parseDigestLine(text: string, fileName: string): string | undefined {
  const m = /^([0-9a-f]{64}) [ *](.+)\n?$/.exec(text);
  return m !== null && m[2] === fileName ? m[1] : undefined;
}
