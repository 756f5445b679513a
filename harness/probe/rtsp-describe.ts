import { connect } from 'node:net';

const maxReplyBytes = 64 * 1024;

/** Sends one anonymous RTSP DESCRIBE and returns the status line's code and the challenge header. */
export async function anonymousDescribe(
  url: string,
  timeoutMs: number,
): Promise<{ status: number; wwwAuthenticate?: string }> {
  const u = new URL(url);
  const plain = `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}${u.search}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 554) });
    let reply = '';
    const timer = setTimeout(() => finish(new Error(`no RTSP reply within ${timeoutMs} ms`)), timeoutMs);
    function finish(err?: Error): void {
      clearTimeout(timer);
      socket.destroy();
      if (err) return reject(err);
      const status = Number(/^RTSP\/1\.0 (\d{3})/.exec(reply)?.[1] ?? 0);
      const challenge = /^WWW-Authenticate:\s*(.+)$/im.exec(reply)?.[1]?.trim();
      resolve({ status, ...(challenge !== undefined ? { wwwAuthenticate: challenge } : {}) });
    }
    socket.setEncoding('latin1');
    socket.on('connect', () =>
      socket.write(
        `DESCRIBE ${plain} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\nUser-Agent: camlab-probe\r\n\r\n`,
      ),
    );
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n\r\n') || reply.length > maxReplyBytes) finish();
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(reply === '' ? new Error('connection closed without a reply') : undefined));
  });
}
