import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** Lower-case hex SHA-256, the form `sha256sum` prints. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256OfFile(file: string): Promise<string> {
  return sha256Hex(await readFile(file));
}
