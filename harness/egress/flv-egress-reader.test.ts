import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeSeiNal } from '../../media/sei/sei-stamp.ts';
import { readFlvEgress } from './flv-egress-reader.ts';

const flvHeader = Buffer.from('464c5601010000000900000000', 'hex');
/** One AVC NAL-units video tag carrying `nals` (4-byte lengths). */
function videoTag(timestampMs: number, nals: Buffer[]): Buffer {
  const body = Buffer.concat([
    Buffer.from([0x27, 1, 0, 0, 0]),
    ...nals.flatMap((n) => [Buffer.from([0, 0, n.length >> 8, n.length & 0xff]), n]),
  ]);
  const out = Buffer.alloc(11 + body.length + 4);
  out[0] = 9;
  out.writeUIntBE(body.length, 1, 3);
  out.writeUIntBE(timestampMs, 4, 3);
  body.copy(out, 11);
  out.writeUInt32BE(11 + body.length, 11 + body.length);
  return out;
}
const slice = Buffer.from([0x41, 0x9a, 0x00]);
const frames = Array.from({ length: 5 }, (_, i) =>
  videoTag(i * 40, [encodeSeiNal('h264', { cameraId: 'c1', frame: i, sendTimeMs: 0 }), slice]),
);

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/live/c1.flv`;
}

describe('readFlvEgress', () => {
  it('hands over every video tag as it arrives, in byte-sized pieces, and ends with the body', async () => {
    const bytes = Buffer.concat([flvHeader, ...frames]);
    const url = await serve(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'video/x-flv' });
      // Cut anywhere: inside the header, a tag header, a NAL length.
      for (let at = 0; at < bytes.length; at += 7) {
        res.write(bytes.subarray(at, at + 7));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    const seen: Buffer[][] = [];
    await readFlvEgress(
      url,
      (_codec, nals) => seen.push(nals.map((n) => Buffer.from(n))),
      new AbortController().signal,
    );
    expect(seen).toEqual(
      frames.map((_, i) => [encodeSeiNal('h264', { cameraId: 'c1', frame: i, sendTimeMs: 0 }), slice]),
    );
  });

  it('refuses an answer other than 2xx, and a connection lost mid-stream', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/live/c1.flv') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200);
      res.write(Buffer.concat([flvHeader, frames[0]!]));
      setImmediate(() => res.socket?.destroy());
    });
    const signal = new AbortController().signal;
    await expect(readFlvEgress(url, () => undefined, signal)).rejects.toThrow(`GET ${url} answered 404`);
    await expect(readFlvEgress(url.replace('c1', 'c2'), () => undefined, signal)).rejects.toThrow(/closed mid-stream/);
  });

  it('resolves when aborted, closing the connection', async () => {
    let closed = false;
    const url = await serve((req, res) => {
      res.writeHead(200);
      res.write(Buffer.concat([flvHeader, frames[0]!]));
      req.socket.on('close', () => (closed = true));
    });
    const abort = new AbortController();
    let frameCount = 0;
    const reading = readFlvEgress(url, () => void (++frameCount === 1 && abort.abort()), abort.signal);
    await expect(reading).resolves.toBeUndefined();
    await expect.poll(() => closed).toBe(true);
  });
});
