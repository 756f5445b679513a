import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { RtspReader } from './rtsp-reader.ts';

/** One RTP packet on channel 0: a 12-byte header (marker on every third) and a patterned body. */
function rtp(i: number, bodyBytes: number): Buffer {
  const p = Buffer.alloc(12 + bodyBytes, i & 0xff);
  p[0] = 0x80;
  p[1] = (i % 3 === 2 ? 0x80 : 0) | 96;
  p.writeUInt16BE(i, 2);
  p.writeUInt32BE(3600 * Math.floor(i / 3), 4);
  return p;
}
const interleaved = (channel: number, p: Buffer): Buffer =>
  Buffer.concat([Buffer.from([0x24, channel, p.length >> 8, p.length & 0xff]), p]);

/**
 * A minimal RTSP server: answers each request 200 (an SDP to DESCRIBE); after PLAY it calls
 * `streaming` with the socket, and on each later request `midStream` with a way to answer it.
 */
async function server(
  streaming: (socket: net.Socket) => Promise<void>,
  midStream: (socket: net.Socket, answer: () => void) => void,
): Promise<net.Server> {
  const srv = net.createServer((socket) => {
    let text = '';
    let playing = false;
    const answer = (cseq: string, extra = '', body = ''): void =>
      void socket.write(
        `RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      for (let end = text.indexOf('\r\n\r\n'); end >= 0; end = text.indexOf('\r\n\r\n')) {
        const head = text.slice(0, end);
        text = text.slice(end + 4);
        const method = head.split(' ')[0]!;
        const cseq = /CSeq: (\d+)/i.exec(head)![1]!;
        if (playing) midStream(socket, () => answer(cseq));
        else if (method === 'DESCRIBE')
          answer(cseq, 'Content-Type: application/sdp\r\n', 'v=0\r\nm=video 0 RTP/AVP 96\r\na=control:track1\r\n');
        else if (method === 'SETUP')
          answer(cseq, 'Session: 42;timeout=60\r\nTransport: RTP/AVP/TCP;interleaved=0-1\r\n');
        else if (method === 'PLAY') {
          answer(cseq, 'Session: 42\r\n');
          playing = true;
          void streaming(socket);
        } else answer(cseq);
      }
    });
    socket.on('error', () => undefined);
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return srv;
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe('RtspReader with onRtpView', () => {
  it('hands over every RTP packet whole, across split reads and a keep-alive answer mid-stream', async () => {
    const first = Array.from({ length: 30 }, (_, i) => rtp(i, 50 + ((i * 997) % 3000)));
    const then = Array.from({ length: 20 }, (_, i) => rtp(30 + i, 20 + ((i * 389) % 1400)));
    const rtcp = interleaved(1, Buffer.alloc(28, 0x81));
    const srv = await server(
      async (socket) => {
        const bytes = Buffer.concat([...first.map((p) => interleaved(0, p)), rtcp]);
        // Awkward cuts: inside a prefix, inside a header, inside a body.
        for (let at = 0, step = 1; at < bytes.length; at += step, step = (step * 7 + 3) % 4099) {
          socket.write(bytes.subarray(at, at + step));
          await new Promise((r) => setImmediate(r));
        }
      },
      (socket, answer) => {
        // Packets, the answer, more packets: the reader must find its way back to the stream.
        socket.write(Buffer.concat(then.slice(0, 10).map((p) => interleaved(0, p))));
        answer();
        socket.write(Buffer.concat(then.slice(10).map((p) => interleaved(0, p))));
      },
    );
    cleanup.push(() => srv.close());
    const port = (srv.address() as net.AddressInfo).port;
    const seen: Buffer[] = [];
    const reader = await RtspReader.connect('127.0.0.1', port, { onRtpView: (p) => seen.push(Buffer.from(p)) });
    cleanup.push(() => reader.close());
    await reader.play(`rtsp://127.0.0.1:${port}/cam`);
    await expect.poll(() => seen.length).toBe(30);
    expect(seen).toEqual(first);
    const answer = await reader.request('OPTIONS', `rtsp://127.0.0.1:${port}/cam`, [['Session', '42']]);
    expect(answer.status).toBe(200);
    await expect.poll(() => seen.length).toBe(50);
    expect(seen).toEqual([...first, ...then]);
    // Its own frame count (marker bits) kept up in both modes.
    expect(reader.stats.frames).toBe(16);
  });
});
