import { connect } from 'node:net';

const knockTimeoutMs = 2_000;

/**
 * Knocks on the RTSP port as an impatient hub does: connects, sends an OPTIONS and takes any
 * answer as "open". A connection refused, reset or left unanswered is "closed" (a powered-off
 * camera's address resets at once, so a bare connect would not tell).
 */
export function tcpKnock(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 554) });
    const done = (open: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(open);
    };
    const timer = setTimeout(() => done(false), knockTimeoutMs);
    socket.once('connect', () => socket.write('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n'));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}
