import net from 'node:net';
import { once } from 'node:events';

/**
 * Sends raw bytes on a fresh connection and collects what comes back until `until` matches the
 * text or the server closes. Resolves with the text and whether the server closed.
 */
export async function rawExchange(
  host: string,
  port: number,
  bytes: Buffer | string,
  opts: { until?: RegExp; end?: boolean; deadlineMs?: number } = {},
): Promise<{ text: string; closed: boolean }> {
  const socket = net.connect({ host, port });
  await once(socket, 'connect', { signal: AbortSignal.timeout(opts.deadlineMs ?? 5000) });
  socket.write(bytes);
  if (opts.end === true) socket.end();
  let text = '';
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer within ${opts.deadlineMs ?? 5000} ms; got ${JSON.stringify(text)}`)),
        opts.deadlineMs ?? 5000,
      );
      socket.on('data', (b: Buffer) => {
        text += b.toString('latin1');
        if (opts.until?.test(text) === true) {
          clearTimeout(timer);
          resolve({ text, closed: false });
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ text, closed: true });
      });
    });
  } finally {
    socket.destroy();
  }
}
