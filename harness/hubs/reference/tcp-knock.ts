import { connect } from 'node:net';

const knockTimeoutMs = 2_000;

/** Opens and at once closes a TCP connection to the URL's host and port; true when it was accepted. */
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
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
