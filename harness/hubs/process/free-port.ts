import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';

/**
 * A port nobody listens on now (on any address), for hubs that cannot listen on port 0 and must be told
 * a number (node-media-server 2.7.4 falls back to its defaults).
 */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
