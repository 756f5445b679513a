import net from 'node:net';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { RtspResponseMessage } from './rtsp-parser.ts';
import { parseRtspResponseInbound } from './rtsp-parser.ts';
import { encodeRtspRequest } from './rtsp-encoder.ts';
import { type DigestChallenge, digestAuthorization, parseDigestChallenge } from '../wire/digest-auth.ts';
import { encodeReceiverReport } from './rtcp-codec.ts';

export interface RtspReaderOptions {
  username?: string;
  password?: string;
  /** Keep every RTP packet (tests); the bench only counts frames and lateness. */
  onRtpPacket?: (packet: Buffer) => void;
  /**
   * Every RTP packet as a view valid only during the call (it may point into the shared read
   * buffer): keeps the reader in streaming mode, so packets are neither copied nor joined unless
   * they straddle two reads. Copy what you keep (egress readers keep only SEI NAL units).
   */
  onRtpView?: (packet: Buffer) => void;
  onRtcpPacket?: (packet: Buffer) => void;
  requestTimeoutMs?: number;
}

/** Counters a reader keeps while streaming. Lateness is measured against the RTP clock. */
export interface ReaderStats {
  frames: number;
  packets: number;
  bytes: number;
  /** Frames (and late frames) counted only while `measuring` is on. */
  windowFrames: number;
  windowLateFrames: number;
}

/** A frame is late when it arrives this long after its RTP-time schedule (one frame at 25 fps). */
export const LATE_FRAME_MS = 40;
const RTP_CLOCK_KHZ = 90;
/** One maximal interleaved packet plus one maximal response head and body. */
const MAX_PENDING_BYTES = 65_540 + 8192 + 65_536;
const READ_BUFFER = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * An RTSP client for tests and the benchmark: OPTIONS, DESCRIBE, SETUP (TCP interleaved), PLAY,
 * with Digest or Basic auth, then counts frames (RTP marker bit) as they arrive. After PLAY it
 * parses the interleaved stream in place, chunk by chunk, without joining buffers, so that a
 * few processes can read thousands of streams.
 */
export class RtspReader {
  readonly stats: ReaderStats = { frames: 0, packets: 0, bytes: 0, windowFrames: 0, windowLateFrames: 0 };
  measuring = false;
  /** Every WWW-Authenticate challenge received, oldest first. */
  readonly challenges: string[] = [];
  /** Session id after SETUP. */
  session: string | undefined;
  private cseq = 0;
  private text: Buffer | undefined;
  private streaming = false;
  private pending: { resolve: (r: RtspResponseMessage) => void; reject: (e: Error) => void } | undefined;
  private challenge: ({ scheme: 'digest' } & DigestChallenge) | { scheme: 'basic' } | undefined;
  private closedError: Error | undefined;
  // Interleaved parse state (streaming mode).
  private prefix = Buffer.alloc(4);
  private prefixHave = 0;
  private head = Buffer.alloc(12);
  private headHave = 0;
  private headNeed = 0;
  private bodyLeft = 0;
  private channel = 0;
  private packetBytes = 0;
  private marker = false;
  private ts = 0;
  /** The bytes of an RTP packet straddling two reads, for onRtpView (allocated per such packet). */
  private gather: Buffer | undefined;
  private gathered = 0;
  /** Left streaming mode for a text response (a keep-alive answer): back to it after the answer. */
  private resumeStreaming = false;
  // Lateness state: extended RTP time and the smallest arrival-minus-RTP-time offset seen.
  private lastTs = -1;
  private extTs = 0;
  private baseOffsetMs = Infinity;

  private constructor(
    readonly socket: net.Socket,
    private readonly opts: RtspReaderOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static async connect(host: string, port: number, opts: RtspReaderOptions = {}): Promise<RtspReader> {
    // Reads land in one process-wide buffer (no allocation and no stream machinery per read);
    // each is handled synchronously before the next, and streaming mode never keeps the bytes.
    const socket: net.Socket = net.connect({
      host,
      port,
      onread: {
        buffer: READ_BUFFER,
        callback: (n: number, buf: Uint8Array): boolean => reader.onRead(n, buf as Buffer),
      },
    });
    const reader: RtspReader = new RtspReader(socket, opts);
    await once(socket, 'connect', { signal: AbortSignal.timeout(opts.requestTimeoutMs ?? 5000) });
    return reader;
  }

  /** For the floor benchmark: a server that streams interleaved RTP at once, with no RTSP. */
  static async raw(host: string, port: number): Promise<RtspReader> {
    const r = await RtspReader.connect(host, port);
    r.streaming = true;
    return r;
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  async request(
    method: string,
    uri: string,
    headers: (readonly [string, string])[] = [],
  ): Promise<RtspResponseMessage> {
    let res = await this.send(method, uri, headers);
    // One retry with the new challenge (first contact, or a stale nonce), as clients do.
    if (res.status === 401) {
      this.absorbChallenge(res);
      if (this.opts.username !== undefined) res = await this.send(method, uri, headers);
    }
    return res;
  }

  /**
   * OPTIONS, DESCRIBE, SETUP over TCP interleaved, PLAY; throws unless each answers 200.
   * `extra` headers go with DESCRIBE, SETUP and PLAY (a replay's Require, Range, Scale...); a
   * Range among them replaces the default npt=0.000-.
   */
  async play(
    url: string,
    extra: (readonly [string, string])[] = [],
  ): Promise<{ sdp: string; rtpInfo: string | undefined; range: string | undefined }> {
    await this.expectOk('OPTIONS', url);
    const notRange = extra.filter(([name]) => name.toLowerCase() !== 'range');
    const describe = await this.expectOk('DESCRIBE', url, [['Accept', 'application/sdp'], ...notRange]);
    const sdp = describe.body.toString('utf8');
    const base = describe.headers.get('content-base') ?? `${url}/`;
    // The last a=control is the video track's (the session-level one comes first).
    const control = [...sdp.matchAll(/^a=control:(.+?)\r?$/gm)].at(-1)?.[1] ?? '*';
    const trackUrl =
      control === '*'
        ? url
        : /^rtsp:\/\//i.test(control)
          ? control
          : `${base.endsWith('/') ? base : `${base}/`}${control}`;
    const setup = await this.expectOk('SETUP', trackUrl, [
      ['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1'],
      ...notRange,
    ]);
    this.session = setup.headers.get('session')?.split(';')[0];
    const range: (readonly [string, string])[] = notRange.length === extra.length ? [['Range', 'npt=0.000-']] : [];
    const play = await this.expectOk('PLAY', url, [['Session', this.session ?? ''], ...range, ...extra]);
    if (this.opts.onRtpPacket === undefined && this.opts.onRtcpPacket === undefined) this.streaming = true;
    this.resumeStreaming = this.streaming;
    // Bytes that came with the PLAY answer are already in `text`; hand them to the stream parser.
    const rest = this.text;
    this.text = undefined;
    if (rest !== undefined) this.onData(rest);
    return { sdp, rtpInfo: play.headers.get('rtp-info'), range: play.headers.get('range') };
  }

  /** One RTCP receiver report on the session's RTCP channel (keeps the session alive). */
  sendReceiverReport(): void {
    const rr = encodeReceiverReport(1, { ssrc: 0, fractionLost: 0, cumulativeLost: 0, highestSeq: 0, jitter: 0 });
    const framed = Buffer.alloc(4 + rr.length);
    framed[0] = 0x24;
    framed[1] = 1;
    framed.writeUInt16BE(rr.length, 2);
    rr.copy(framed, 4);
    this.socket.write(framed);
  }

  close(): void {
    this.socket.destroy();
  }

  private async expectOk(
    method: string,
    uri: string,
    headers: (readonly [string, string])[] = [],
  ): Promise<RtspResponseMessage> {
    const res = await this.request(method, uri, headers);
    if (res.status !== 200) throw new Error(`${method} ${uri} answered ${res.status} ${res.reason}`);
    return res;
  }

  private send(method: string, uri: string, headers: (readonly [string, string])[]): Promise<RtspResponseMessage> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    if (this.pending !== undefined) return Promise.reject(new Error('one request at a time'));
    const all: (readonly [string, string])[] = [['CSeq', String(++this.cseq)], ...headers];
    const auth = this.authorization(method, uri);
    if (auth !== undefined) all.push(['Authorization', auth]);
    all.push(['User-Agent', 'camlab-reader']);
    this.socket.write(encodeRtspRequest(method, uri, all));
    return new Promise<RtspResponseMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new Error(`${method} ${uri}: no answer within ${this.opts.requestTimeoutMs ?? 5000} ms`));
      }, this.opts.requestTimeoutMs ?? 5000);
      this.pending = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /** Reads WWW-Authenticate (the first one: Digest, which the server lists first). */
  private absorbChallenge(res: RtspResponseMessage): void {
    const header = res.headers.get('www-authenticate') ?? '';
    this.challenges.push(header);
    const digest = parseDigestChallenge(header);
    if (digest !== undefined) {
      this.challenge = { scheme: 'digest', ...digest };
    } else if (/^Basic/i.test(header)) {
      this.challenge = { scheme: 'basic' };
    }
  }

  private authorization(method: string, uri: string): string | undefined {
    const { username, password } = this.opts;
    if (username === undefined || password === undefined || this.challenge === undefined) return undefined;
    if (this.challenge.scheme === 'basic') return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    return digestAuthorization(this.challenge, method, uri, username, password);
  }

  private fail(err: Error): void {
    this.closedError ??= err;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }

  /** Never pauses the socket (its answer to onread). */
  private onRead(n: number, buf: Buffer): true {
    if (this.streaming) this.streamChunk(buf, n, performance.now());
    else this.onData(Buffer.from(buf.subarray(0, n)));
    return true;
  }

  /** Bytes in RTSP text mode; `chunk` is the reader's to keep. */
  private onData(chunk: Buffer): void {
    if (this.streaming) {
      this.streamChunk(chunk, chunk.length, performance.now());
      return;
    }
    this.text = this.text === undefined ? chunk : Buffer.concat([this.text, chunk]);
    while (this.text !== undefined && !this.streaming) {
      const inbound = parseRtspResponseInbound(this.text);
      if (inbound === undefined) {
        // Nothing complete in this much: neither a response nor an interleaved packet.
        if (this.text.length > MAX_PENDING_BYTES) {
          this.fail(new Error(`no complete message in ${this.text.length} bytes`));
          this.socket.destroy();
        }
        return;
      }
      this.text = inbound.consumedBytes === this.text.length ? undefined : this.text.subarray(inbound.consumedBytes);
      if (inbound.kind === 'interleaved') {
        this.onPacket(inbound.frame.channel, inbound.frame.payload, performance.now());
      } else {
        const p = this.pending;
        this.pending = undefined;
        p?.resolve(inbound.response);
        if (this.resumeStreaming) {
          // At a message boundary: what follows is interleaved packets again.
          this.streaming = true;
          const rest = this.text;
          this.text = undefined;
          if (rest !== undefined) this.streamChunk(rest, rest.length, performance.now());
          return;
        }
      }
    }
  }

  private onPacket(channel: number, packet: Buffer, nowMs: number): void {
    if (channel % 2 === 1) {
      this.opts.onRtcpPacket?.(packet);
      return;
    }
    this.opts.onRtpPacket?.(packet);
    this.opts.onRtpView?.(packet);
    if (packet.length >= 12) this.countRtp(packet[1]! >> 7 === 1, packet.readUInt32BE(4), packet.length, nowMs);
  }

  private countRtp(marker: boolean, ts: number, length: number, nowMs: number): void {
    this.stats.packets++;
    this.stats.bytes += length;
    if (!marker) return;
    this.stats.frames++;
    if (this.lastTs < 0) this.extTs = 0;
    else this.extTs += (ts - this.lastTs) | 0;
    this.lastTs = ts;
    const offsetMs = nowMs - this.extTs / RTP_CLOCK_KHZ;
    if (offsetMs < this.baseOffsetMs) this.baseOffsetMs = offsetMs;
    if (!this.measuring) return;
    this.stats.windowFrames++;
    if (offsetMs - this.baseOffsetMs > LATE_FRAME_MS) this.stats.windowLateFrames++;
  }

  /**
   * Streaming mode: walks "$ ch len" frames in place. Reads the prefix and the RTP marker bit and
   * timestamp straight from the chunk when they lie whole in it (nearly always), and gathers them
   * through small buffers only when they straddle two chunks.
   */
  private streamChunk(chunk: Buffer, n: number, nowMs: number): void {
    let i = 0;
    while (i < n) {
      if (this.bodyLeft === 0) {
        if (this.prefixHave === 0) {
          if (chunk[i] !== 0x24) {
            // A text response (keep-alive answer) in the stream: hand the rest to the text parser.
            this.streaming = false;
            this.onData(Buffer.from(chunk.subarray(i, n)));
            return;
          }
          if (n - i >= 4) {
            this.startPacket(chunk[i + 1]!, (chunk[i + 2]! << 8) | chunk[i + 3]!);
            i += 4;
            continue;
          }
        }
        const take = Math.min(4 - this.prefixHave, n - i);
        chunk.copy(this.prefix, this.prefixHave, i, i + take);
        this.prefixHave += take;
        i += take;
        if (this.prefixHave < 4) return;
        this.prefixHave = 0;
        this.startPacket(this.prefix[1]!, this.prefix.readUInt16BE(2));
        continue;
      }
      if (this.headHave < this.headNeed) {
        if (this.headHave === 0 && n - i >= this.headNeed) {
          this.marker = chunk[i + 1]! >> 7 === 1;
          this.ts = ((chunk[i + 4]! << 24) | (chunk[i + 5]! << 16) | (chunk[i + 6]! << 8) | chunk[i + 7]!) >>> 0;
          this.headHave = this.headNeed;
        } else {
          const take = Math.min(this.headNeed - this.headHave, n - i);
          chunk.copy(this.head, this.headHave, i, i + take);
          this.headHave += take;
          if (this.headHave === this.headNeed) {
            this.marker = this.head[1]! >> 7 === 1;
            this.ts = this.head.readUInt32BE(4);
          }
        }
      }
      const take = Math.min(this.bodyLeft, n - i);
      const view = this.opts.onRtpView;
      if (view !== undefined && this.channel % 2 === 0) {
        if (take === this.packetBytes) view(chunk.subarray(i, i + take));
        else {
          this.gather ??= Buffer.allocUnsafe(this.packetBytes);
          chunk.copy(this.gather, this.gathered, i, i + take);
          this.gathered += take;
          if (this.gathered === this.packetBytes) {
            const packet = this.gather;
            this.gather = undefined;
            this.gathered = 0;
            view(packet);
          }
        }
      }
      i += take;
      this.bodyLeft -= take;
      if (this.bodyLeft === 0 && this.channel % 2 === 0 && this.headNeed === 12)
        this.countRtp(this.marker, this.ts, this.packetBytes, nowMs);
    }
  }

  private startPacket(channel: number, length: number): void {
    this.channel = channel;
    this.bodyLeft = length;
    this.packetBytes = length;
    this.headHave = 0;
    // Only RTP needs its header (12 bytes: marker and timestamp); shorter packets are not counted.
    this.headNeed = channel % 2 === 0 && length >= 12 ? 12 : 0;
  }
}
