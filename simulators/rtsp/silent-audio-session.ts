import type { TimerHandle } from '../clock/clock.ts';
import { RtspSession, type RtspSessionInit } from './rtsp-session.ts';
import { nextSessionState } from './session-state.ts';
import { INTERLEAVED_PREFIX_BYTES } from './wire-image.ts';
import { patchRtpHeader, RTP_HEADER_BYTES } from '../../media/rtp/rtp-header.ts';
import {
  PCMU_CLOCK_RATE,
  PCMU_PACKET_MS,
  PCMU_PAYLOAD_TYPE,
  PCMU_SAMPLES_PER_PACKET,
  pcmuSilence,
} from '../../media/audio/pcmu.ts';

/** One packet's payload, shared by every session (copied into each write, never modified). */
const SILENCE = pcmuSilence(PCMU_SAMPLES_PER_PACKET);
/** Packets a late timer may catch up in one go (1 s); beyond it the time is skipped, RTP time still runs on. */
const MAX_CATCH_UP_PACKETS = 1000 / PCMU_PACKET_MS;

/**
 * A live session of a camera whose stream came back with only its audio (the
 * audio-only-after-reconnect quirk): G.711 μ-law silence, 160 samples every 20 ms, RTP time
 * +160 per packet, the marker on the first packet after PLAY (a talkspurt starts, RFC 3551 §4.1).
 * It never joins the video feed: no frames, only audio packets (counted in packetsSent and bytesSent).
 */
export class SilentAudioSession extends RtspSession {
  private timer: TimerHandle | undefined;
  /** Samples sent since SETUP: the next packet's RTP time is tsOffset plus this. */
  private samplesSent = 0;
  /** When PLAY started the packet clock, and the samples sent by then. */
  private playedAtMs = 0;
  private samplesAtPlay = 0;
  private packetsSincePlay = 0;

  constructor(init: Omit<RtspSessionInit, 'payloadType'>) {
    super({ ...init, payloadType: PCMU_PAYLOAD_TYPE });
  }

  override play(): void {
    const wasPlaying = this.state === 'playing';
    this.state = nextSessionState(this.state, 'PLAY');
    if (wasPlaying) return;
    this.playedAtMs = this.clock.now();
    this.samplesAtPlay = this.samplesSent;
    this.packetsSincePlay = 0;
    this.sendDue();
    this.timer = this.clock.setInterval(() => this.sendDue(), PCMU_PACKET_MS);
  }

  override pause(): void {
    this.stopTimer();
    super.pause();
  }

  override close(reason: Parameters<RtspSession['close']>[0]): void {
    this.stopTimer();
    super.close(reason);
  }

  protected override rtpTimeAt(nowMs: number): number {
    const samples =
      this.state === 'playing'
        ? this.samplesAtPlay + Math.floor(((nowMs - this.playedAtMs) * PCMU_CLOCK_RATE) / 1000)
        : this.samplesSent;
    return (this.tsOffset + samples) >>> 0;
  }

  private stopTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Sends the packets due since PLAY (one per 20 ms); a timer that ran late catches up to a bound. */
  private sendDue(): void {
    if (this.state !== 'playing') return;
    const due = Math.floor((this.clock.now() - this.playedAtMs) / PCMU_PACKET_MS) + 1;
    if (due - this.packetsSincePlay > MAX_CATCH_UP_PACKETS) {
      const skipped = due - MAX_CATCH_UP_PACKETS - this.packetsSincePlay;
      this.packetsSincePlay += skipped;
      this.samplesSent += skipped * PCMU_SAMPLES_PER_PACKET;
    }
    while (this.packetsSincePlay < due && this.state === 'playing') this.sendPacket();
  }

  private sendPacket(): void {
    const marker = this.packetsSincePlay === 0;
    const ts = (this.tsOffset + this.samplesSent) >>> 0;
    this.packetsSincePlay++;
    this.samplesSent += PCMU_SAMPLES_PER_PACKET;
    const t = this.transport;
    const full =
      t.kind === 'tcp'
        ? t.socket.writableLength > this.limits.maxQueuedBytes
        : t.pair.rtp.getSendQueueCount() > this.limits.maxQueuedDatagrams;
    // A reader that stopped reading loses the packet; audio time runs on.
    if (full) return;
    const packetBytes = RTP_HEADER_BYTES + SILENCE.length;
    if (t.kind === 'tcp') {
      const buf = Buffer.allocUnsafe(INTERLEAVED_PREFIX_BYTES + packetBytes);
      buf[0] = 0x24;
      buf[1] = t.rtpChannel;
      buf.writeUInt16BE(packetBytes, 2);
      this.putPacket(buf, INTERLEAVED_PREFIX_BYTES, marker, ts);
      t.socket.write(buf);
      this.bytesSent += buf.length;
    } else {
      const buf = Buffer.allocUnsafe(packetBytes);
      this.putPacket(buf, 0, marker, ts);
      t.pair.rtp.send(buf, t.clientRtpPort, t.clientAddress);
      this.bytesSent += buf.length;
    }
    this.packetsSent++;
    this.payloadOctetsSent += SILENCE.length;
  }

  private putPacket(buf: Buffer, o: number, marker: boolean, ts: number): void {
    this.headerTemplate.copy(buf, o);
    patchRtpHeader(buf, o, marker, this.seq, ts);
    this.seq = (this.seq + 1) & 0xffff;
    SILENCE.copy(buf, o + RTP_HEADER_BYTES);
  }
}
