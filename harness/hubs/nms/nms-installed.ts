import { createRequire } from 'node:module';

/** Whether the node-media-server package can be loaded (an optional peer in some installs). */
export function nmsInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('node-media-server');
    return true;
  } catch {
    return false;
  }
}
