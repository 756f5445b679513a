import dgram from 'node:dgram';
import { once } from 'node:events';

/** RTP on an even port and RTCP on the next one, as clients assume (RFC 3550 §11; ffmpeg uses rtp+1). */
export interface UdpPortPair {
  rtp: dgram.Socket;
  rtcp: dgram.Socket;
  rtpPort: number;
  rtcpPort: number;
}

const MAX_ATTEMPTS = 32;

async function bind(address: string, port: number): Promise<dgram.Socket | undefined> {
  const socket = dgram.createSocket({ type: 'udp4' });
  try {
    socket.bind(port, address);
    await Promise.race([
      once(socket, 'listening'),
      once(socket, 'error').then(([err]) => Promise.reject(err as Error)),
    ]);
    return socket;
  } catch {
    socket.close();
    return undefined;
  }
}

/** Binds a consecutive even/odd pair on address; throws after MAX_ATTEMPTS collisions. */
export async function bindUdpPortPair(address: string): Promise<UdpPortPair> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rtp = await bind(address, 0);
    if (rtp === undefined) break;
    const rtpPort = rtp.address().port;
    if (rtpPort % 2 !== 0 || rtpPort === 65_535) {
      rtp.close();
      continue;
    }
    const rtcp = await bind(address, rtpPort + 1);
    if (rtcp !== undefined) return { rtp, rtcp, rtpPort, rtcpPort: rtpPort + 1 };
    rtp.close();
  }
  throw new Error(`no free UDP port pair on ${address} after ${MAX_ATTEMPTS} attempts`);
}
