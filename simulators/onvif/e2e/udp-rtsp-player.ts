import { type Socket, createSocket } from 'node:dgram';
import { decodeRtpPacket } from '../../../media/rtp/rtp-header.ts';
import { depacketizeH264AccessUnit } from '../../../media/rtp/h264-depacketizer.ts';
import { ParseError } from '../../../media/errors/parse-error.ts';
import type { RtspResponseMessage } from '../../rtsp/rtsp-parser.ts';
import { RtspReader } from '../../rtsp/rtsp-reader.ts';
import { parseRtcpCompound } from '../../rtsp/rtcp-codec.ts';

/** One H.264 access unit as received: RTP timestamp, the sequence numbers it spanned, its NAL units. */
export interface ReceivedAccessUnit {
  ts: number;
  seqs: number[];
  nals: Buffer[];
}

/** NAL unit types of an access unit (H.264 Table 7-1: 5 IDR slice, 7 SPS, 8 PPS). */
export function nalTypes(unit: ReceivedAccessUnit): number[] {
  return unit.nals.map((n) => n[0]! & 0x1f);
}

async function bindUdp(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  return s;
}

/**
 * The test tool's RTSP client for RTP-Unicast/UDP: the control connection is an RtspReader
 * (Digest auth), RTP and RTCP arrive on two local UDP ports and are kept as access units
 * (marker bit ends one) and a count of sender reports.
 */
export class UdpRtspPlayer {
  readonly units: ReceivedAccessUnit[] = [];
  /** Access units that did not depacketize (a datagram lost on the way). */
  brokenUnits = 0;
  senderReports = 0;
  session: string | undefined;
  private payloads: Buffer[] = [];
  private seqs: number[] = [];

  private constructor(
    readonly control: RtspReader,
    private readonly rtp: Socket,
    private readonly rtcp: Socket,
  ) {
    rtp.on('message', (m) => this.onRtp(m));
    rtcp.on('message', (m) => {
      for (const p of parseRtcpCompound(m)) if (p.type === 'sr') this.senderReports++;
    });
  }

  static async connect(url: string, username: string, password: string): Promise<UdpRtspPlayer> {
    const u = new URL(url);
    const control = await RtspReader.connect(u.hostname, Number(u.port || 554), { username, password });
    return new UdpRtspPlayer(control, await bindUdp(), await bindUdp());
  }

  request(method: string, uri: string, headers: (readonly [string, string])[] = []): Promise<RtspResponseMessage> {
    return this.control.request(
      method,
      uri,
      this.session === undefined ? headers : [...headers, ['Session', this.session]],
    );
  }

  /** SETUP of a track over UDP with this player's ports; keeps the session id. */
  async setup(trackUrl: string): Promise<RtspResponseMessage> {
    const res = await this.request('SETUP', trackUrl, [
      ['Transport', `RTP/AVP;unicast;client_port=${this.rtp.address().port}-${this.rtcp.address().port}`],
    ]);
    this.session = res.headers.get('session')?.split(';')[0];
    return res;
  }

  close(): void {
    this.control.close();
    this.rtp.close();
    this.rtcp.close();
  }

  private onRtp(packet: Buffer): void {
    const { header, payload } = decodeRtpPacket(packet);
    this.payloads.push(Buffer.from(payload));
    this.seqs.push(header.sequenceNumber);
    if (!header.marker) return;
    try {
      this.units.push({ ts: header.timestamp, seqs: this.seqs, nals: depacketizeH264AccessUnit(this.payloads) });
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.brokenUnits++;
    }
    this.payloads = [];
    this.seqs = [];
  }
}
