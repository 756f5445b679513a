import { once } from 'node:events';
import { type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { NOTIFY_TIMEOUT_MS, postNotify } from '../post-notify.ts';

describe('postNotify over real HTTP', () => {
  const clock = new VirtualClock(0);
  const seen: Array<{ path: string; from: string; action: string; body: string }> = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({
          path: req.url ?? '',
          from: req.socket.remoteAddress ?? '',
          action: String(req.headers['content-type']),
          body,
        });
        if (req.url === '/hang') return;
        res.writeHead(req.url === '/broken' ? 500 : 204).end();
      });
    });
    server.listen(0, '127.12.43.1');
    await once(server, 'listening');
    base = `http://127.12.43.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(clock.pendingCount()).toBe(0);
  });

  const opts = (localAddress: string | undefined, signal = new AbortController().signal) => ({
    localAddress,
    clock,
    signal,
  });

  it('delivers from the given local address, with the SOAP 1.2 content type and Notify action', async () => {
    expect(await postNotify(`${base}/ok`, '<x/>', opts('127.12.43.9'))).toEqual({ delivered: true, httpStatus: 204 });
    expect(seen.at(-1)).toMatchObject({ path: '/ok', from: '127.12.43.9', body: '<x/>' });
    expect(seen.at(-1)!.action).toMatch(
      /^application\/soap\+xml; charset=utf-8; action="http:\/\/docs\.oasis-open\.org\/wsn\/bw-2\/NotificationConsumer\/Notify"$/,
    );
  });

  it('falls back to the host address when the camera address is not on this host', async () => {
    expect(await postNotify(`${base}/ok`, '<y/>', opts('192.0.2.10'))).toEqual({ delivered: true, httpStatus: 204 });
    expect(seen.at(-1)!.from).not.toBe('192.0.2.10');
  });

  it('reports a non-2xx answer and a refused connection as failures', async () => {
    expect(await postNotify(`${base}/broken`, '<z/>', opts(undefined))).toEqual({
      delivered: false,
      httpStatus: 500,
      error: 'consumer answered HTTP 500',
    });
    expect(await postNotify('http://127.12.43.1:1/refused', '<z/>', opts(undefined))).toEqual({
      delivered: false,
      error: 'ECONNREFUSED',
    });
  });

  it('gives up on a consumer that never answers after the timeout on the clock, and on abort', async () => {
    const slow = postNotify(`${base}/hang`, '<h/>', opts(undefined));
    await vi.waitFor(() => expect(seen.at(-1)?.path).toBe('/hang'));
    clock.advance(NOTIFY_TIMEOUT_MS);
    expect(await slow).toEqual({ delivered: false, error: `no answer within ${NOTIFY_TIMEOUT_MS} ms` });
    const abort = new AbortController();
    const ended = postNotify(`${base}/hang`, '<h/>', opts(undefined, abort.signal));
    await vi.waitFor(() => expect(seen.filter((s) => s.path === '/hang')).toHaveLength(2));
    abort.abort();
    expect(await ended).toEqual({ delivered: false, error: 'subscription ended' });
  });
});
