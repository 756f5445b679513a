import { ParseError } from '../../../media/errors/parse-error.ts';
import { decodeOnvifReplayExtension, type OnvifReplayExtension } from '../../../media/rtp/onvif-replay-extension.ts';
import { RtpAccessUnits } from '../../../media/rtp/rtp-access-units.ts';
import { decodeRtpPacket } from '../../../media/rtp/rtp-header.ts';
import { readSdpVideoTrack } from '../../../media/sdp/sdp-video-track.ts';
import { decodeSeiNal } from '../../../media/sei/sei-stamp.ts';
import { formatRangeHeader, ONVIF_REPLAY_TAG } from '../../../simulators/rtsp/replay-headers.ts';
import { RtspReader } from '../../../simulators/rtsp/rtsp-reader.ts';
import type { ReadFrame } from './annexb-frame-reader.ts';

/** One replayed picture: its stamp (and SEI) and the capture instant the replay's RTP header extension gives it. */
export interface ReplayedPicture {
  frame: ReadFrame;
  /** NTP time of the 0xABAC extension (ONVIF Streaming Specification): the instant the recorder says it was captured. */
  extensionMs: number | undefined;
}

export interface ReplayFetchOptions {
  user: string;
  password: string;
  /** A fetch that has taken this long is given up (the recorder stalled). */
  deadlineMs: number;
  /** No packet for this long ends the fetch: the recorder has nothing more. */
  idleMs: number;
  /** Pictures beyond this many are not kept (a bound on memory). */
  maxPictures: number;
}

const requestTimeoutMs = 10_000;

/**
 * Fetches a recorded interval the ONVIF way: RTSP with `Require: onvif-replay`, `Range:
 * clock=FROM-TO`, `Rate-Control: no` (as fast as the recorder sends), over TCP interleaved, then
 * TEARDOWN. Ends at the access unit the recorder marks terminal, when nothing arrives for
 * `idleMs`, or at the deadline. Resolves with the pictures in the order received.
 */
export async function fetchReplay(
  uri: string,
  fromMs: number,
  toMs: number,
  opts: ReplayFetchOptions,
): Promise<ReplayedPicture[]> {
  const u = new URL(uri);
  const pictures: ReplayedPicture[] = [];
  let units: RtpAccessUnits | undefined;
  /** Packets that came before the SDP was read (a recorder may send right behind its PLAY answer). */
  const early: Buffer[] = [];
  let previous: OnvifReplayExtension | undefined;
  let lastPacketMs = Date.now();
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const take = (nals: Buffer[], ext: OnvifReplayExtension | undefined): void => {
    if (pictures.length >= opts.maxPictures) return finished();
    let stamp;
    let sei;
    for (const nal of nals) {
      try {
        stamp = decodeSeiNal(units!.codec, nal);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
      }
      if (stamp !== undefined) {
        sei = { codec: units!.codec, nal };
        break;
      }
    }
    pictures.push({ frame: sei === undefined ? { stamp } : { stamp, sei }, extensionMs: ext?.ntpMs });
    if (ext?.terminal === true) finished();
  };
  const reader = await RtspReader.connect(u.hostname, Number(u.port || 554), {
    username: opts.user,
    password: opts.password,
    requestTimeoutMs,
    onRtpPacket: (packet) => {
      lastPacketMs = Date.now();
      if (units === undefined) {
        if (early.length < opts.maxPictures) early.push(Buffer.from(packet));
        return;
      }
      unitPacket(packet);
    },
  });
  const unitPacket = (packet: Buffer): void => {
    try {
      const { header } = decodeRtpPacket(packet);
      const ext = header.extension === undefined ? undefined : decodeOnvifReplayExtension(header.extension);
      const completed = units!.push(packet);
      // A unit completes on its marker (this packet's) or when the timestamp moves on (the one before's).
      completed.forEach((nals, i) => take(nals, header.marker && i === completed.length - 1 ? ext : previous));
      previous = ext;
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
    }
  };
  u.username = '';
  u.password = '';
  const url = u.toString();
  const started = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - lastPacketMs > opts.idleMs || Date.now() - started > opts.deadlineMs) finished();
  }, 250);
  try {
    const { sdp } = await reader.play(url, [
      ['Require', ONVIF_REPLAY_TAG],
      ['Range', formatRangeHeader({ kind: 'clock', startMs: fromMs, endMs: toMs })],
      ['Rate-Control', 'no'],
    ]);
    const track = readSdpVideoTrack(sdp);
    units = new RtpAccessUnits(track.codec, track.payloadType);
    for (const packet of early.splice(0)) unitPacket(packet);
    lastPacketMs = Date.now();
    await Promise.race([done, new Promise<void>((resolve) => reader.socket.once('close', resolve))]);
    if (reader.session !== undefined && !reader.closed)
      await reader
        .request('TEARDOWN', url, [
          ['Session', reader.session],
          ['Require', ONVIF_REPLAY_TAG],
        ])
        .catch(() => undefined);
    return pictures;
  } finally {
    clearInterval(watchdog);
    reader.close();
  }
}
