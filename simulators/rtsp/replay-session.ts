import { FRAME_DROP } from '../faults/fault.ts';
import type { RecordedTrack } from '../recording/recorded-track.ts';
import { encodeSeiNal } from '../../media/sei/sei-stamp.ts';
import { RTP_HEADER_BYTES, patchRtpHeader } from '../../media/rtp/rtp-header.ts';
import {
  ONVIF_REPLAY_EXTENSION_BYTES,
  REPLAY_FLAG_CLEAN_POINT,
  REPLAY_FLAG_DISCONTINUITY,
  REPLAY_FLAG_END_OF_SECTION,
  REPLAY_FLAG_TERMINAL,
  writeOnvifReplayExtension,
} from '../../media/rtp/onvif-replay-extension.ts';
import type { ClipFrames, ClipStream, FrameSink } from './clip-stream.ts';
import { RtspError } from './rtsp-error.ts';
import { RtspSession, type RtspSessionInit } from './rtsp-session.ts';
import { nextSessionState } from './session-state.ts';
import { type ReplayFrame, ReplayCursor } from './replay-cursor.ts';
import { type FramesHeader, type RangeHeader, formatClockTime, formatRangeHeader } from './replay-headers.ts';
import { REPLAY_PACKET_HEAD_BYTES, replayWireImages } from './replay-wire-image.ts';
import { INTERLEAVED_PREFIX_BYTES, type WireImage } from './wire-image.ts';
import { sendScratch } from './send-scratch.ts';

/** A PLAY of a replay session, its header fields already parsed. */
export interface ReplayPlay {
  range: RangeHeader | undefined;
  /** Scale header; undefined keeps the current one (1 at first). */
  scale: number | undefined;
  rateControl: boolean | undefined;
  frames: FramesHeader | undefined;
  immediate: boolean;
  /** CSeq of the PLAY: its low byte goes into every packet's extension. */
  cseq: number;
}

export interface ReplayPlayAnswer {
  /** The Range header of the answer: the capture instant the play starts at, and its end. */
  range: string;
  seq: number;
  rtptime: number;
}

export interface ReplaySessionInit extends RtspSessionInit {
  track: RecordedTrack;
  /** The shared stream of the recorded profile: its clip gives the pictures, its clock the pace. */
  stream: ClipStream;
}

/** Frames sent per tick of the clip clock at most: bounds one tick's work when not rate-controlled or far behind. */
const MAX_FRAMES_PER_TICK = 32;
const TICKS_PER_MS = 90;

interface PlayParams {
  scale: number;
  rateControl: boolean;
  frames: FramesHeader;
}

/**
 * One RTSP session replaying a recorded track (ONVIF Streaming Specification, "Playback"). It
 * rides the shared clip clock of the recorded profile (one timer per clip per process, as live
 * sessions do): each tick sends the frames that are due (Rate-Control: yes, paced by Scale) or as
 * many as the reader takes (Rate-Control: no). A replay never drops a frame for a slow reader: it
 * is read from storage, so it waits for the reader instead. The camera's faults still apply: a
 * drop verdict is counted, a delay holds the frame (and those after it) until due. Per frame: one SEI stamp (the
 * original capture instant, the camera, the replayed flag), one memcpy of the clip's replay wire
 * image, and per packet byte stores of sequence number, timestamp, SSRC and the 0xABAC extension.
 */
export class ReplaySession extends RtspSession implements FrameSink {
  readonly track: RecordedTrack;
  readonly stream: ClipStream;
  private readonly clipFrames: ClipFrames;
  private readonly images: readonly WireImage[];
  private readonly frameMs: number;
  private params: PlayParams = { scale: 1, rateControl: true, frames: { kind: 'all' } };
  private cursor: ReplayCursor | undefined;
  private pending: ReplayFrame | undefined;
  /** A PLAY with a Range that came while playing, without Immediate: it starts when the current one ends (RFC 2326 §10.5). */
  private queued: ReplayPlay | undefined;
  /** PAUSE with a Range: the capture instant at which the play pauses. */
  private pauseAtMs: number | undefined;
  private cseqByte = 0;
  /** Frames a delay fault (latency, bandwidth) holds, in order, each with when it may go. */
  private heldReplay: { frame: ReplayFrame; dueMs: number }[] = [];
  private subscribed = false;
  private played = false;
  /** Wall instant and media time the current play's pacing counts from. */
  private anchorWallMs = 0;
  private anchorDueMs = 0;
  private anchored = false;
  /** RTP time of the current play's first frame, and of the frame after the last one sent. */
  private playBaseTs = 0;
  private firstCaptureMs = 0;
  private nextTs: number;
  private seiFrame = 0;
  /** The 0xABAC NTP bytes of the frame being sent (written once per frame, copied into each packet). */
  private readonly ntpScratch = Buffer.alloc(ONVIF_REPLAY_EXTENSION_BYTES);

  constructor(init: ReplaySessionInit) {
    super(init);
    this.track = init.track;
    this.stream = init.stream;
    this.clipFrames = init.camera.streamQuirks.inBandParameterSets
      ? init.stream.plain
      : init.stream.withoutParameterSets();
    this.images = replayWireImages(this.clipFrames, init.stream.clip.payloadType);
    this.frameMs = init.stream.frameMs;
    this.nextTs = this.tsOffset;
  }

  override get isReplay(): boolean {
    return true;
  }

  override rtpInfo(): { seq: number; rtptime: number } {
    return { seq: this.seq, rtptime: this.nextTs >>> 0 };
  }

  /** The ONVIF replay spec lets a server send no RTCP during replay: the extension carries absolute time, which is what sender reports would map. */
  override sendSenderReport(): void {}

  override pause(): void {
    super.pause();
    this.unsubscribe();
  }

  override close(reason: Parameters<RtspSession['close']>[0]): void {
    this.unsubscribe();
    this.heldReplay = [];
    super.close(reason);
  }

  /** PAUSE, with an optional clock Range: pause when the play reaches that capture instant. */
  pauseRequest(range: RangeHeader | undefined): void {
    if (range === undefined || this.state !== 'playing') {
      this.pause();
      return;
    }
    if (range.kind !== 'clock' || range.startMs === undefined)
      throw new RtspError(457, 'PAUSE of a replay takes a clock Range with a start');
    this.pauseAtMs = range.startMs;
  }

  /** PLAY: a new position (Range), a resume (no Range after PAUSE), or a change queued behind the current play. */
  playRequest(play: ReplayPlay, nowMs: number): ReplayPlayAnswer {
    if (this.state === 'init' || this.state === 'closed') nextSessionState(this.state, 'PLAY');
    if (this.state === 'playing' && !play.immediate) {
      if (play.range !== undefined) this.queued = play;
      return this.answer(play.range, nowMs);
    }
    const params: PlayParams = {
      scale: play.scale ?? this.params.scale,
      rateControl: play.rateControl ?? this.params.rateControl,
      frames: play.frames ?? this.params.frames,
    };
    const sameParams =
      params.scale === this.params.scale &&
      params.rateControl === this.params.rateControl &&
      params.frames === this.params.frames;
    const resume = play.range === undefined && this.cursor !== undefined && sameParams;
    this.params = params;
    this.cseqByte = play.cseq & 0xff;
    this.pauseAtMs = undefined;
    this.queued = undefined;
    if (!resume) {
      // New Scale or Frames without a Range: go on from where the play stands.
      const here =
        play.range === undefined ? (this.pending?.captureMs ?? this.cursor?.peekCaptureMs(nowMs)) : undefined;
      const startMs = here ?? this.startOf(play.range, params.scale < 0, nowMs);
      const endMs =
        play.range?.kind === 'clock'
          ? play.range.endMs
          : play.range?.kind === 'npt' && play.range.endS !== undefined
            ? this.earliestMs(nowMs) + play.range.endS * 1000
            : undefined;
      const cursor = new ReplayCursor(this.track, this.clipFrames.frames, this.frameMs, {
        startMs,
        endMs,
        reverse: params.scale < 0,
        frames: params.frames,
        discontinuousStart: this.played,
      });
      const first = cursor.next(nowMs);
      if (first === undefined)
        throw new RtspError(
          457,
          `nothing of recording ${this.track.recordingToken} is recorded ${params.scale < 0 ? 'at or before' : 'at or after'} ${formatClockTime(startMs)}`,
        );
      this.cursor = cursor;
      this.pending = first;
      this.heldReplay = [];
      this.firstCaptureMs = first.captureMs;
      this.playBaseTs = this.nextTs;
    }
    this.played = true;
    this.anchored = false;
    this.state = nextSessionState(this.state, 'PLAY');
    this.subscribe();
    return this.answer(play.range, nowMs);
  }

  /** The clip clock's tick: send what is due. */
  onFrame(_frameNumber: number, _contentFrame: number, _skippedFrames: number, nowMs: number): void {
    if (this.state !== 'playing' || this.cursor === undefined) return;
    if (!this.anchored && this.pending !== undefined) {
      this.anchored = true;
      this.anchorWallMs = nowMs;
      this.anchorDueMs = this.pending.dueMs;
    }
    if (this.flushHeldReplay(nowMs)) return;
    const speed = Math.abs(this.params.scale);
    for (let budget = MAX_FRAMES_PER_TICK; budget > 0; budget--) {
      const f = this.pending ?? this.cursor.next(nowMs);
      if (f === undefined) {
        // The play is over once the frames a delay fault still holds have gone.
        if (this.heldReplay.length === 0) this.finish(nowMs);
        return;
      }
      this.pending = f;
      if (
        this.pauseAtMs !== undefined &&
        (this.params.scale < 0 ? f.captureMs <= this.pauseAtMs : f.captureMs >= this.pauseAtMs)
      ) {
        this.pauseAtMs = undefined;
        this.pause();
        return;
      }
      if (this.params.rateControl && this.anchorWallMs + (f.dueMs - this.anchorDueMs) / speed > nowMs) return;
      // A replay waits for its reader (and for frames a fault holds) rather than drop what it has stored.
      if (this.heldReplay.length >= this.limits.maxHeldFrames || this.queueFull()) return;
      this.pending = undefined;
      const verdict = this.camera.frameVerdict(
        this.faultKey,
        this.clipFrames.frames[f.clipIndex]!.bytes,
        this.transport.kind,
        nowMs,
      );
      if (verdict === FRAME_DROP) {
        this.framesDropped++;
        continue;
      }
      if (verdict > 0 || this.heldReplay.length > 0) {
        // Latency and bandwidth faults: the frame goes when due, never ahead of one held before it.
        const last = this.heldReplay[this.heldReplay.length - 1];
        const dueMs = nowMs + verdict;
        this.heldReplay.push({ frame: f, dueMs: last !== undefined && last.dueMs > dueMs ? last.dueMs : dueMs });
        continue;
      }
      this.emitReplay(f);
      if (f.terminal) {
        this.finish(nowMs);
        return;
      }
    }
  }

  /** Sends the held frames that are due, in order; true when that ended the play. */
  private flushHeldReplay(nowMs: number): boolean {
    let sent = 0;
    while (sent < this.heldReplay.length && this.heldReplay[sent]!.dueMs <= nowMs && !this.queueFull()) {
      const f = this.heldReplay[sent++]!.frame;
      this.emitReplay(f);
      if (f.terminal) {
        this.heldReplay = [];
        this.finish(nowMs);
        return true;
      }
    }
    if (sent > 0) this.heldReplay.splice(0, sent);
    return false;
  }

  override skipFrames(): void {
    // The clip clock ran late: a replay sends what is due on the next tick, nothing is lost.
  }

  /** The answer's Range in the unit asked for: npt clients (ffmpeg) take the start offset from it. */
  private answer(asked: RangeHeader | undefined, nowMs: number): ReplayPlayAnswer {
    const info = this.rtpInfo();
    const start = this.pending?.captureMs ?? this.cursor?.peekCaptureMs(nowMs);
    if (asked?.kind === 'npt' && start !== undefined)
      return {
        range: formatRangeHeader({ kind: 'npt', startS: (start - this.earliestMs(nowMs)) / 1000, endS: asked.endS }),
        ...info,
      };
    return { range: `clock=${start === undefined ? '' : formatClockTime(start)}-`, ...info };
  }

  private earliestMs(nowMs: number): number {
    const first = this.track.spans(Number.MIN_SAFE_INTEGER, nowMs)[0];
    if (first === undefined) throw new RtspError(457, `recording ${this.track.recordingToken} holds nothing yet`);
    return first.startMs;
  }

  private startOf(range: RangeHeader | undefined, reverse: boolean, nowMs: number): number {
    if (range?.kind === 'clock' && range.startMs !== undefined) return range.startMs;
    if (range?.kind === 'npt') {
      // npt counts from the recording's start (RFC 2326 §3.6: the beginning of the presentation).
      if (range.startS === 'now') throw new RtspError(457, 'a recording has no npt=now; ask for a clock time');
      return this.earliestMs(nowMs) + range.startS * 1000;
    }
    return reverse ? nowMs : this.earliestMs(nowMs);
  }

  /** The play has ended (its range, or the recording): the session is ready again; a queued PLAY starts now. */
  private finish(nowMs: number): void {
    this.cursor = undefined;
    this.pending = undefined;
    this.state = nextSessionState(this.state, 'PAUSE');
    this.unsubscribe();
    const queued = this.queued;
    this.queued = undefined;
    if (queued !== undefined) {
      try {
        this.playRequest({ ...queued, immediate: true }, nowMs);
      } catch (err) {
        // Its answer went out when it was queued; a range with nothing recorded just ends the play.
        if (!(err instanceof RtspError)) throw err;
      }
    }
  }

  private subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.stream.subscribe(this);
  }

  private unsubscribe(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    this.stream.unsubscribe(this);
  }

  private queueFull(): boolean {
    const t = this.transport;
    return t.kind === 'tcp'
      ? t.socket.writableLength > this.limits.maxQueuedBytes
      : t.pair.rtp.getSendQueueCount() > this.limits.maxQueuedDatagrams;
  }

  private emitReplay(f: ReplayFrame): void {
    const frame = this.clipFrames.frames[f.clipIndex]!;
    const image = this.images[f.clipIndex]!;
    const sei = encodeSeiNal(this.stream.clip.spec.codec, {
      cameraId: this.track.cameraId,
      frame: this.seiFrame,
      sendTimeMs: f.captureMs,
      replayed: true,
    });
    this.seiFrame = (this.seiFrame + 1) >>> 0;
    // Rate-Control yes: RTP time says when to render (media time over the speed); no: the original sampling instants.
    const mediaMs = this.params.rateControl
      ? f.renderMs / Math.abs(this.params.scale)
      : f.captureMs - this.firstCaptureMs;
    const ts = (this.playBaseTs + Math.round(mediaMs * TICKS_PER_MS)) >>> 0;
    this.nextTs = (ts + Math.round(this.frameMs * TICKS_PER_MS)) >>> 0;
    const flags =
      (f.keyframe ? REPLAY_FLAG_CLEAN_POINT : 0) |
      (f.discontinuity ? REPLAY_FLAG_DISCONTINUITY : 0) |
      (f.endOfSection ? REPLAY_FLAG_END_OF_SECTION : 0) |
      (f.terminal ? REPLAY_FLAG_TERMINAL : 0);
    const ext = this.ntpScratch;
    writeOnvifReplayExtension(ext, 0, f.captureMs, flags, this.cseqByte);
    const payloads = frame.payloads;
    const n = payloads.length;
    const t = this.transport;
    if (t.kind === 'tcp') {
      const seiBytes = REPLAY_PACKET_HEAD_BYTES + sei.length;
      const total = seiBytes + image.bytes.length;
      const queued = t.socket.writableLength !== 0;
      const buf = queued ? Buffer.allocUnsafe(total) : sendScratch.take(total);
      const channel = t.rtpChannel;
      buf[0] = 0x24;
      buf[1] = channel;
      buf.writeUInt16BE(RTP_HEADER_BYTES + ONVIF_REPLAY_EXTENSION_BYTES + sei.length, 2);
      this.putHeader(buf, INTERLEAVED_PREFIX_BYTES, ts, false);
      ext.copy(buf, INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES);
      buf.set(sei, REPLAY_PACKET_HEAD_BYTES);
      buf.set(image.bytes, seiBytes);
      // Patch each packet in place (byte stores: no calls): channel, seq, timestamp, SSRC, extension.
      const offsets = image.packetOffsets;
      const ssrc = this.ssrc;
      let seq = this.seq;
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
        const e = o + INTERLEAVED_PREFIX_BYTES + RTP_HEADER_BYTES + 4;
        for (let b = 0; b < 10; b++) buf[e + b] = ext[4 + b]!;
        seq = (seq + 1) & 0xffff;
      }
      this.seq = seq;
      t.socket.write(buf);
      if (!queued && t.socket.writableLength !== 0) sendScratch.surrender();
      this.bytesSent += total;
    } else {
      const head = RTP_HEADER_BYTES + ONVIF_REPLAY_EXTENSION_BYTES;
      const total = sei.length + frame.bytes + (n + 1) * head;
      const buf = Buffer.allocUnsafe(total);
      let o = 0;
      for (let i = -1; i < n; i++) {
        const payload = i < 0 ? sei : payloads[i]!;
        this.putHeader(buf, o, ts, i === n - 1);
        ext.copy(buf, o + RTP_HEADER_BYTES);
        buf.set(payload, o + head);
        t.pair.rtp.send(buf, o, head + payload.length, t.clientRtpPort, t.clientAddress);
        o += head + payload.length;
      }
      this.bytesSent += total;
    }
    this.framesSent++;
    this.packetsSent += n + 1;
    this.payloadOctetsSent += sei.length + frame.bytes;
  }

  /** The session's RTP header with the X bit set, its next sequence number, at `o`. */
  private putHeader(buf: Buffer, o: number, ts: number, marker: boolean): void {
    this.headerTemplate.copy(buf, o);
    buf[o] = buf[o]! | 0x10;
    patchRtpHeader(buf, o, marker, this.seq, ts);
    this.seq = (this.seq + 1) & 0xffff;
  }
}
