import { createRequire } from 'node:module';

/** camlab's own version (package.json), stamped on every report. */
export function camlabVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}
