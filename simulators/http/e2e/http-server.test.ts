import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { type Socket, connect } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HttpExchange, HttpServer, type HttpServerOptions } from '../http-server.ts';

const CURL = '/usr/bin/curl';
const run = promisify(execFile);

let server: HttpServer | undefined;
let port = 0;
const seen: HttpExchange[] = [];

/** Echoes method, target and body; '/hang' is never answered, '/throw' throws. */
function echo(exchange: HttpExchange): void {
  seen.push(exchange);
  const { method, target, body } = exchange.request;
  if (target === '/hang') return;
  if (target === '/throw') throw new Error('handler failed on purpose');
  if (exchange.bodyTooLarge) {
    exchange.reply({ status: 413, headers: { 'Content-Type': 'text/plain' }, body: 'too large\n' });
    return;
  }
  exchange.reply({
    status: 200,
    headers: { 'Content-Type': 'text/plain' },
    body: `${method} ${target} ${body.toString('latin1')}`,
  });
}

async function start(opts: Partial<HttpServerOptions> = {}): Promise<void> {
  server = new HttpServer({
    limits: { maxHeaderBytes: 4096, maxHeaderCount: 32, maxBodyBytes: 1024 },
    handler: echo,
    ...opts,
  });
  port = (await server.listen(0, '127.0.0.1')).port;
}

/** Raw bytes in, everything the server sent until it closed (or until `until` matches). */
async function raw(bytes: string, until?: RegExp): Promise<{ text: string; closed: boolean; socket: Socket }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let text = '';
  let closed = false;
  const done = new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (until?.test(text) === true) resolve();
    });
    socket.on('close', () => {
      closed = true;
      resolve();
    });
    socket.on('error', () => undefined);
  });
  socket.write(bytes);
  await Promise.race([
    done,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no answer to ${JSON.stringify(bytes.slice(0, 40))}: ${text}`)), 5000).unref(),
    ),
  ]);
  return { text, closed, socket };
}

describe('HttpServer with real clients', () => {
  let resourcesBefore: string[];
  beforeEach(() => {
    resourcesBefore = process.getActiveResourcesInfo();
    seen.length = 0;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    // Sockets finish closing a few ticks after destroy(); poll rather than sleep.
    const handles = (list: string[]): number => list.filter((r) => r !== 'Timeout').length;
    await expect.poll(() => handles(process.getActiveResourcesInfo())).toBeLessThanOrEqual(handles(resourcesBefore));
  });

  it('serves a node:http client two requests on one kept-alive connection', async () => {
    await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string): Promise<{ status: number; text: string; socket: unknown }> =>
      new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/onvif/device_service',
            agent,
            headers: { 'Content-Length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text, socket: req.socket }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const a = await post('one');
    const b = await post('two');
    agent.destroy();
    expect([a.status, a.text, b.status, b.text]).toEqual([
      200,
      'POST /onvif/device_service one',
      200,
      'POST /onvif/device_service two',
    ]);
    expect(seen[0]!.peer).toBe(seen[1]!.peer);
  });

  describe.skipIf(!existsSync(CURL))('curl (absent: the curl cases need /usr/bin/curl)', () => {
    it('reads a chunked upload', async () => {
      await start();
      const { stdout } = await run(CURL, [
        '-s',
        '-H',
        'Transfer-Encoding: chunked',
        '--data-binary',
        'chunked body',
        `http://127.0.0.1:${port}/up`,
      ]);
      expect(stdout).toBe('POST /up chunked body');
    });

    it('answers Expect: 100-continue before the body is sent', async () => {
      await start();
      const { stdout, stderr } = await run(CURL, [
        '-sv',
        '-H',
        'Expect: 100-continue',
        '--data-binary',
        'after continue',
        `http://127.0.0.1:${port}/up`,
      ]);
      expect(stderr).toContain('HTTP/1.1 100 Continue');
      expect(stdout).toBe('POST /up after continue');
    });

    it('answers HEAD with the length and no body', async () => {
      await start();
      const { stdout } = await run(CURL, ['-sI', `http://127.0.0.1:${port}/snap`]);
      expect(stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(stdout).toContain(`Content-Length: ${'HEAD /snap '.length}\r\n`);
    });
  });

  it('answers pipelined requests in order', async () => {
    await start();
    const { text, socket } = await raw(
      'GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi',
      /POST \/b hi$/,
    );
    socket.destroy();
    expect(text.indexOf('GET /a ')).toBeGreaterThan(0);
    expect(text.indexOf('GET /a ')).toBeLessThan(text.indexOf('POST /b hi'));
  });

  it('closes an HTTP/1.0 connection after the answer, and keeps one that asked', async () => {
    await start();
    const plain = await raw('GET /x HTTP/1.0\r\n\r\n');
    expect(plain.closed).toBe(true);
    expect(plain.text).toContain('Connection: close\r\n');
    const kept = await raw('GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', /GET \/x $/);
    expect(kept.closed).toBe(false);
    expect(kept.text).toContain('Connection: keep-alive\r\n');
    kept.socket.destroy();
  });

  it('answers malformed input with its status and closes', async () => {
    await start();
    const r = await raw('GET /x HTTP/1.1\r\nHost : h\r\n\r\n');
    expect(r.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(r.closed).toBe(true);
    expect(seen).toHaveLength(0);
  });

  it('hands an oversize body to the handler without reading it, then closes', async () => {
    await start();
    const r = await raw('POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n');
    expect(r.text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(r.text).toContain('Connection: close\r\n');
    expect(r.closed).toBe(true);
    expect(seen[0]!.bodyTooLarge).toBe(true);
  });

  it('drops a connection whose client never closes after the server ended it', async () => {
    await start({ idleTimeoutMs: 150 });
    // allowHalfOpen: the client does not answer the server's FIN with its own, as a careless client may not.
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => undefined);
    socket.write('POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n');
    await expect.poll(() => seen.length).toBe(1);
    const serverSide = seen[0]!.socket;
    await once(serverSide, 'close', { signal: AbortSignal.timeout(5000) });
    socket.destroy();
  });

  it('answers 500 when the handler throws, and keeps serving', async () => {
    await start();
    const r = await raw(
      'GET /throw HTTP/1.1\r\nHost: h\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n',
      /GET \/after $/,
    );
    r.socket.destroy();
    expect(r.text).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
  });

  it('answers 408 to a head that stops arriving, and drops an idle connection', async () => {
    await start({ idleTimeoutMs: 150 });
    const partial = await raw('GET /x HTTP/1.1\r\nHost: h\r\n');
    expect(partial.text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(partial.closed).toBe(true);
    const idle = await raw('GET /x HTTP/1.1\r\nHost: h\r\n\r\n', /GET \/x $/);
    await once(idle.socket, 'close', { signal: AbortSignal.timeout(5000) });
  });

  it('keeps a request in flight past the idle timeout (a long poll), and close() still ends it', async () => {
    await start({ idleTimeoutMs: 100 });
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET /hang HTTP/1.1\r\nHost: h\r\n\r\n');
    await expect.poll(() => seen.length).toBe(1);
    const closed = once(socket, 'close', { signal: AbortSignal.timeout(5000) });
    // The idle timeout fires on the server's side of the connection, which must survive it.
    const serverSide = seen[0]!.socket;
    await once(serverSide, 'timeout', { signal: AbortSignal.timeout(5000) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(serverSide.destroyed).toBe(false);
    expect(socket.destroyed).toBe(false);
    await server!.close();
    await closed;
  });
});
