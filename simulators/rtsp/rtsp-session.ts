import type { Socket } from 'node:net';
import type { Camera } from '../camera/camera.ts';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import { FRAME_DROP } from '../faults/fault.ts';
import type { RtspSessionCloseReason, RtspTransport, StreamProfileName } from '../observations/observation.ts';
import type { PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import type { CameraFeed } from './camera-feed.ts';
import type { UdpPortPair } from './udp-port-pair.ts';
import type { SessionState } from './session-state.ts';
import { nextSessionState } from './session-state.ts';
import { encodeSenderReport, parseRtcpCompound } from './rtcp-codec.ts';
import { ParseError } from '../../media/errors/parse-error.ts';
import { createRtpHeaderTemplate, patchRtpHeader, RTP_HEADER_BYTES } from '../../media/rtp/rtp-header.ts';
import type { WireImage } from './wire-image.ts';
import type { RtpStart } from './rtp-start.ts';
import type { RtpDiscontinuity } from './stream-quirks.ts';

export type SessionTransport =
  | { kind: 'tcp'; socket: Socket; rtpChannel: number }
  | { kind: 'udp'; pair: UdpPortPair; clientAddress: string; clientRtpPort: number; clientRtcpPort: number };

export interface SessionLimits {
  /** TCP: past this many bytes queued in the socket the session drops frames until the next key frame. */
  maxQueuedBytes: number;
  /** UDP: the same, in datagrams waiting in the send queue. */
  maxQueuedDatagrams: number;
  /** Frames held back by delay faults (latency, bandwidth); beyond it they are dropped. */
  maxHeldFrames: number;
}

export const defaultSessionLimits: SessionLimits = {
  maxQueuedBytes: 128 * 1024,
  maxQueuedDatagrams: 512,
  maxHeldFrames: 250,
};

export interface RtspSessionInit {
  id: string;
  /** Where RTP time and sequence numbers start (random, unless a quirk says otherwise). */
  rtpStart: RtpStart;
  /** The RTP payload type sent; the feed's clip's by default. */
  payloadType?: number;
  camera: Camera;
  profile: StreamProfileName;
  feed: CameraFeed;
  transport: SessionTransport;
  client: string;
  user: string | undefined;
  /** The password the user authenticated with, to tell whether a change of users revokes the session. */
  userPassword: string | undefined;
  timeoutMs: number;
  clock: Clock;
  limits: SessionLimits;
  onClose: (session: RtspSession, reason: RtspSessionCloseReason) => void;
}

interface HeldFrame {
  sei: Buffer;
  frame: PacketizedFrame;
  image: WireImage;
  clipTicks: number;
  dueMs: number;
}

import { INTERLEAVED_PREFIX_BYTES } from './wire-image.ts';
import { sendScratch } from './send-scratch.ts';

/**
 * One RTSP session of one camera profile. The hot path is sendFrame(): per frame it asks the
 * camera's faults for a verdict, then writes the SEI packet and the shared payloads behind
 * per-session RTP headers (sequence number, timestamp, SSRC from a header template) in ONE
 * socket write for TCP, or one datagram per packet for UDP. Shared payloads are copied into
 * the frame's write buffer, never modified.
 */
export class RtspSession {
  readonly id: string;
  readonly camera: Camera;
  readonly profile: StreamProfileName;
  readonly feed: CameraFeed;
  readonly transport: SessionTransport;
  readonly client: string;
  readonly user: string | undefined;
  readonly userPassword: string | undefined;
  readonly timeoutMs: number;
  /** The key faults see for this session (per-session state such as a token bucket). */
  readonly faultKey: string;
  state: SessionState = 'ready';
  lastActivityMs: number;
  lastSenderReportMs = 0;
  framesSent = 0;
  bytesSent = 0;
  framesDropped = 0;
  /** Of framesDropped: dropped because the send queue was full, i.e. the reader stopped reading. */
  framesDroppedQueueFull = 0;
  /** Of framesDropped: slots the camera's clock skipped (the simulator ran late, not the reader). */
  framesSkipped = 0;
  packetsSent = 0;
  payloadOctetsSent = 0;
  receiverReports = 0;

  // Protected for ReplaySession, which sends recorded frames through the same transport.
  protected readonly clock: Clock;
  protected readonly limits: SessionLimits;
  private readonly onClose: RtspSessionInit['onClose'];
  /** V=2, payload type and SSRC preset; each packet copies it and patches marker, seq and timestamp. */
  protected readonly headerTemplate: Buffer;
  /**
   * The hot path's copies of fields it would otherwise reach through other objects (each one a
   * memory load that misses the cache when 1,000 sessions take turns): the template's first two
   * bytes, and the TCP transport's socket and channel.
   */
  private readonly rtpByte0: number;
  private readonly rtpByte1: number;
  private readonly tcpSocket: Socket | undefined;
  private readonly tcpChannel: number;
  protected readonly ssrc: number;
  protected tsOffset: number;
  protected seq: number;
  /** While a slow first key frame is pending (a quirk): key frames before this instant are withheld, other frames sent. */
  private keyframeNotBeforeMs = 0;
  /** Frames sent since the last damaged one (the damage quirk hits every Nth). */
  private framesSinceDamage = 0;
  /** True from PLAY until the first key frame, and after a drop until the next one. */
  private awaitingKey = true;
  /** Whether frames skipped while awaiting a key frame count as drops (not at stream start). */
  private dropping = false;
  private held: HeldFrame[] = [];
  private heldTimer: TimerHandle | undefined;
  private readonly boundFlushHeld = (): void => this.flushHeld();

  constructor(init: RtspSessionInit) {
    this.id = init.id;
    this.camera = init.camera;
    this.profile = init.profile;
    this.feed = init.feed;
    this.transport = init.transport;
    this.client = init.client;
    this.user = init.user;
    this.userPassword = init.userPassword;
    this.timeoutMs = init.timeoutMs;
    this.clock = init.clock;
    this.limits = init.limits;
    this.onClose = init.onClose;
    this.faultKey = `${init.camera.id}/${init.id}`;
    this.lastActivityMs = init.clock.now();
    this.ssrc = (Math.random() * 0x1_0000_0000) >>> 0;
    this.tsOffset = init.rtpStart.timestampOffset;
    this.seq = init.rtpStart.sequence;
    this.headerTemplate = createRtpHeaderTemplate(init.payloadType ?? init.feed.stream.clip.payloadType, this.ssrc);
    this.rtpByte0 = this.headerTemplate[0]!;
    this.rtpByte1 = this.headerTemplate[1]!;
    this.tcpSocket = init.transport.kind === 'tcp' ? init.transport.socket : undefined;
    this.tcpChannel = init.transport.kind === 'tcp' ? init.transport.rtpChannel : 0;
    if (init.transport.kind === 'udp') {
      init.transport.pair.rtcp.on('message', (msg) => this.onRtcp(msg));
      init.transport.pair.rtp.on('error', () => this.close('error'));
      init.transport.pair.rtcp.on('error', () => this.close('error'));
    }
  }

  get ssrcHex(): string {
    return this.ssrc.toString(16).toUpperCase().padStart(8, '0');
  }

  get queuedBytes(): number {
    return this.transport.kind === 'tcp' ? this.transport.socket.writableLength : 0;
  }

  /** A replay of a recording (ReplaySession), not the live stream: encoder changes do not end it. */
  get isReplay(): boolean {
    return false;
  }

  get transportKind(): RtspTransport {
    return this.transport.kind;
  }

  /** Sequence number and RTP time the stream continues with (for RTP-Info). */
  rtpInfo(nowMs: number): { seq: number; rtptime: number } {
    return { seq: this.seq, rtptime: this.rtpTimeAt(nowMs) };
  }

  /** The stream's RTP time at `nowMs` (what sender reports map wall time to). */
  protected rtpTimeAt(nowMs: number): number {
    return (this.tsOffset + this.feed.ticksAt(nowMs)) >>> 0;
  }

  touch(nowMs: number): void {
    this.lastActivityMs = nowMs;
  }

  play(): void {
    this.state = nextSessionState(this.state, 'PLAY');
    this.awaitingKey = true;
    this.dropping = false;
    const delayMs = this.camera.streamQuirks.firstKeyframeDelayMs;
    if (delayMs > 0) {
      // A camera that starts mid-GOP: P-frames at once, the first key frame only later.
      this.awaitingKey = false;
      this.keyframeNotBeforeMs = this.clock.now() + delayMs;
    }
    this.feed.add(this);
  }

  /** The stream's RTP clock and sequence numbers jump; the session goes on from there. */
  jumpRtp(jump: RtpDiscontinuity): void {
    this.tsOffset = (this.tsOffset + jump.timestampJumpTicks) >>> 0;
    this.seq = (this.seq + jump.sequenceJump) & 0xffff;
  }

  pause(): void {
    this.state = nextSessionState(this.state, 'PAUSE');
    this.feed.remove(this);
    this.clearHeld();
  }

  close(reason: RtspSessionCloseReason): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.feed.remove(this);
    this.clearHeld();
    if (this.transport.kind === 'udp') {
      this.transport.pair.rtp.close();
      this.transport.pair.rtcp.close();
    }
    this.onClose(this, reason);
  }

  /** Called by the camera feed once per frame while playing. Hot path: no allocation but the write buffer. */
  sendFrame(sei: Buffer, frame: PacketizedFrame, image: WireImage, clipTicks: number, nowMs: number): void {
    if (this.keyframeNotBeforeMs !== 0) {
      if (nowMs < this.keyframeNotBeforeMs) {
        if (frame.keyframe) return;
      } else {
        this.keyframeNotBeforeMs = 0;
      }
    }
    // Waiting for a key frame, this frame would be skipped anyway: do not charge the faults (a
    // bandwidth cap's bucket) for it, or a session opening under a cap may never reach a key frame.
    if (this.awaitingKey && !frame.keyframe && this.held.length === 0) {
      if (this.dropping) this.framesDropped++;
      return;
    }
    const verdict = this.camera.frameVerdict(
      this.faultKey,
      frame.bytes + sei.length,
      this.tcpSocket !== undefined ? 'tcp' : 'udp',
      nowMs,
    );
    if (verdict === FRAME_DROP) {
      this.framesDropped++;
      return;
    }
    if (verdict > 0 || this.held.length > 0) {
      this.hold(sei, frame, image, clipTicks, nowMs + (verdict > 0 ? verdict : 0));
      return;
    }
    this.emit(sei, frame, image, clipTicks);
  }

  /** Frame slots the camera's clock skipped (it ran late): never sent, so drops once the stream has started. */
  skipFrames(count: number): void {
    if (!this.awaitingKey || this.dropping) {
      this.framesDropped += count;
      this.framesSkipped += count;
    }
  }

  /** Accepts RTCP from the client (receiver reports keep the session alive, as RFC 2326 §12.37 allows). */
  onRtcp(packet: Buffer): void {
    try {
      const packets = parseRtcpCompound(packet);
      for (const p of packets) if (p.type === 'rr') this.receiverReports++;
      this.lastActivityMs = this.clock.now();
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
    }
  }

  /** Sends an RTCP sender report mapping wall time to this session's RTP time (RFC 3550 §6.4.1). */
  sendSenderReport(nowMs: number): void {
    if (this.state !== 'playing') return;
    this.lastSenderReportMs = nowMs;
    const sr = encodeSenderReport({
      ssrc: this.ssrc,
      ntpMs: nowMs,
      rtpTimestamp: this.rtpTimeAt(nowMs),
      packetCount: this.packetsSent,
      octetCount: this.payloadOctetsSent,
      cname: `${this.camera.id}@camlab`,
    });
    const t = this.transport;
    if (t.kind === 'tcp') {
      if (t.socket.writableLength > this.limits.maxQueuedBytes) return;
      const framed = Buffer.allocUnsafe(INTERLEAVED_PREFIX_BYTES + sr.length);
      framed[0] = 0x24;
      framed[1] = t.rtpChannel + 1;
      framed.writeUInt16BE(sr.length, 2);
      sr.copy(framed, INTERLEAVED_PREFIX_BYTES);
      t.socket.write(framed);
    } else {
      t.pair.rtcp.send(sr, t.clientRtcpPort, t.clientAddress);
    }
  }

  private hold(sei: Buffer, frame: PacketizedFrame, image: WireImage, clipTicks: number, dueMs: number): void {
    if (this.held.length >= this.limits.maxHeldFrames) {
      this.framesDropped++;
      this.awaitingKey = true;
      this.dropping = true;
      return;
    }
    // Never reorder: a frame is not due before the one held ahead of it.
    const last = this.held[this.held.length - 1];
    this.held.push({
      // The feed rewrites its stamp buffer for the next frame: a held frame keeps its own.
      sei: Buffer.from(sei),
      frame,
      image,
      clipTicks,
      dueMs: last !== undefined && last.dueMs > dueMs ? last.dueMs : dueMs,
    });
    if (this.heldTimer === undefined)
      this.heldTimer = this.clock.setTimeout(this.boundFlushHeld, this.held[0]!.dueMs - this.clock.now());
  }

  private flushHeld(): void {
    this.heldTimer = undefined;
    const nowMs = this.clock.now();
    let i = 0;
    while (i < this.held.length && this.held[i]!.dueMs <= nowMs && this.state === 'playing') {
      const h = this.held[i]!;
      this.emit(h.sei, h.frame, h.image, h.clipTicks);
      i++;
    }
    this.held.splice(0, i);
    if (this.held.length > 0 && this.state === 'playing')
      this.heldTimer = this.clock.setTimeout(this.boundFlushHeld, this.held[0]!.dueMs - nowMs);
  }

  private clearHeld(): void {
    this.heldTimer?.cancel();
    this.heldTimer = undefined;
    this.held = [];
  }

  private emit(sei: Buffer, frame: PacketizedFrame, image: WireImage, clipTicks: number): void {
    const socket = this.tcpSocket;
    // Read once (a getter): what the socket queues before this frame decides both "full" and which buffer it takes.
    const queuedBytes = socket === undefined ? 0 : socket.writableLength;
    const full =
      socket === undefined
        ? this.udpTransport().pair.rtp.getSendQueueCount() > this.limits.maxQueuedDatagrams
        : queuedBytes > this.limits.maxQueuedBytes;
    if (full) {
      // A camera's send buffer overflows the same way: the rest of the GOP is useless, skip to the next key frame.
      this.framesDropped++;
      this.framesDroppedQueueFull++;
      this.awaitingKey = true;
      this.dropping = true;
      return;
    }
    if (this.awaitingKey) {
      if (!frame.keyframe) {
        if (this.dropping) this.framesDropped++;
        return;
      }
      this.awaitingKey = false;
      this.dropping = false;
    }
    const ts = (this.tsOffset + clipTicks) >>> 0;
    const payloads = frame.payloads;
    const damage = this.damageThisFrame(frame);
    // Truncation sends only the first half of the frame's packets (at least one), the last of them marked.
    const n = damage === 'truncate' && payloads.length > 1 ? payloads.length >>> 1 : payloads.length;
    if (socket !== undefined) {
      const seiBytes = INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES + sei.length;
      const total = seiBytes + (n === payloads.length ? image.bytes.length : image.packetOffsets[n]!);
      // A socket that already queues data will queue this frame too: give it a buffer of its own size
      // rather than the shared scratch, so a lagging session pins only what it queued.
      const queued = queuedBytes !== 0;
      const buf = queued ? Buffer.allocUnsafe(total) : sendScratch.take(total);
      const channel = this.tcpChannel;
      const ssrc = this.ssrc;
      let seq = this.seq;
      // The SEI packet: "$", channel, length, then the RTP header (no marker) and the stamp; byte stores, no calls.
      const seiPacketBytes = RTP_HEADER_BYTES + sei.length;
      buf[0] = 0x24;
      buf[1] = channel;
      buf[2] = seiPacketBytes >>> 8;
      buf[3] = seiPacketBytes & 0xff;
      buf[4] = this.rtpByte0;
      buf[5] = this.rtpByte1;
      buf[6] = seq >>> 8;
      buf[7] = seq & 0xff;
      buf[8] = ts >>> 24;
      buf[9] = (ts >>> 16) & 0xff;
      buf[10] = (ts >>> 8) & 0xff;
      buf[11] = ts & 0xff;
      buf[12] = ssrc >>> 24;
      buf[13] = (ssrc >>> 16) & 0xff;
      buf[14] = (ssrc >>> 8) & 0xff;
      buf[15] = ssrc & 0xff;
      buf.set(sei, INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES);
      seq = (seq + 1) & 0xffff;
      buf.set(n === payloads.length ? image.bytes : image.bytes.subarray(0, total - seiBytes), seiBytes);
      // Patch channel, sequence number, timestamp and SSRC of each packet in place (byte stores: no calls).
      const offsets = image.packetOffsets;
      for (let i = 0; i < n; i++) {
        const o = seiBytes + offsets[i]!;
        buf[o + 1] = channel;
        buf[o + 6] = seq >>> 8;
        buf[o + 7] = seq & 0xff;
        buf[o + 8] = ts >>> 24;
        buf[o + 9] = (ts >>> 16) & 0xff;
        buf[o + 10] = (ts >>> 8) & 0xff;
        buf[o + 11] = ts & 0xff;
        buf[o + 12] = ssrc >>> 24;
        buf[o + 13] = (ssrc >>> 16) & 0xff;
        buf[o + 14] = (ssrc >>> 8) & 0xff;
        buf[o + 15] = ssrc & 0xff;
        seq = (seq + 1) & 0xffff;
      }
      this.seq = seq;
      if (damage !== undefined) damageWirePackets(buf, seiBytes, offsets, n, payloads, damage);
      socket.write(buf);
      if (!queued && socket.writableLength !== 0) sendScratch.surrender();
      this.bytesSent += total;
    } else {
      const t = this.udpTransport();
      const total = sei.length + frame.bytes + (n + 1) * RTP_HEADER_BYTES;
      const buf = Buffer.allocUnsafe(total);
      let start = 0;
      let o = this.putRtp(buf, 0, sei, ts, false);
      t.pair.rtp.send(buf, start, o - start, t.clientRtpPort, t.clientAddress);
      for (let i = 0; i < n; i++) {
        start = o;
        o = this.putRtp(buf, o, payloads[i]!, ts, i === n - 1);
        if (damage === 'corrupt' && i >= n >>> 1) corruptPayload(buf, start + RTP_HEADER_BYTES, payloads[i]!.length);
        t.pair.rtp.send(buf, start, o - start, t.clientRtpPort, t.clientAddress);
      }
      this.bytesSent += total;
    }
    this.framesSent++;
    this.packetsSent += n + 1;
    this.payloadOctetsSent += sei.length + frame.bytes;
  }

  private udpTransport(): Extract<SessionTransport, { kind: 'udp' }> {
    const t = this.transport;
    if (t.kind !== 'udp') throw new Error(`session ${this.id} is not a UDP session`);
    return t;
  }

  /** Whether the damage quirk hits this frame: every Nth frame that is not a key frame, so a stream still starts clean. */
  private damageThisFrame(frame: PacketizedFrame): 'corrupt' | 'truncate' | undefined {
    const every = this.camera.streamQuirks.damageEveryFrames;
    if (every === 0 || frame.keyframe || ++this.framesSinceDamage < every) return undefined;
    this.framesSinceDamage = 0;
    return this.camera.streamQuirks.damageMode;
  }

  private putRtp(buf: Buffer, o: number, payload: Buffer, ts: number, marker: boolean): number {
    this.headerTemplate.copy(buf, o);
    patchRtpHeader(buf, o, marker, this.seq, ts);
    this.seq = (this.seq + 1) & 0xffff;
    buf.set(payload, o + RTP_HEADER_BYTES);
    return o + RTP_HEADER_BYTES + payload.length;
  }
}

/** Bytes of a payload left intact: the NAL or FU header and the start of the slice header, so the damage lands in macroblock data. */
const INTACT_PAYLOAD_BYTES = 16;
/** Bytes overwritten per damaged packet. */
const DAMAGED_BYTES = 64;

/** Overwrites part of a payload's slice data with a bit pattern no encoder would produce there (emulation-prevention safe: no 0x000000-3). */
function corruptPayload(buf: Buffer, payloadStart: number, payloadBytes: number): void {
  const end = Math.min(payloadBytes, INTACT_PAYLOAD_BYTES + DAMAGED_BYTES);
  for (let i = INTACT_PAYLOAD_BYTES; i < end; i++) buf[payloadStart + i] = i & 1 ? 0xa5 : 0x5a;
}

/**
 * Damages a frame laid out as interleaved packets: 'corrupt' garbles the slice data of the second
 * half of its packets; 'truncate' (only `sent` packets were laid out) marks the last one sent as
 * the frame's end, so the client sees a frame that stops short.
 */
function damageWirePackets(
  buf: Buffer,
  base: number,
  offsets: Uint32Array,
  sent: number,
  payloads: readonly Buffer[],
  mode: 'corrupt' | 'truncate',
): void {
  const headerBytes = INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES;
  if (mode === 'truncate') {
    const markerAt = base + offsets[sent - 1]! + INTERLEAVED_PREFIX_BYTES + 1;
    buf[markerAt] = buf[markerAt]! | 0x80;
    return;
  }
  for (let i = sent >>> 1; i < sent; i++) corruptPayload(buf, base + offsets[i]! + headerBytes, payloads[i]!.length);
}
