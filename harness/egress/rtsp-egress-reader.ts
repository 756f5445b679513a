import { once } from 'node:events';
import { ParseError } from '../../media/errors/parse-error.ts';
import { H264NalType } from '../../media/h264/nal-unit-type.ts';
import { H265NalType } from '../../media/h265/nal-header.ts';
import { RtpAccessUnits } from '../../media/rtp/rtp-access-units.ts';
import { readSdpVideoTrack } from '../../media/sdp/sdp-video-track.ts';
import { RtspReader } from '../../simulators/rtsp/rtsp-reader.ts';
import { EgressReadError, type FrameSink } from './egress-reader.ts';

/** Keep-alive while playing: well inside the 60 s session timeout servers default to (RFC 2326 §12.37). */
const keepAliveMs = 15_000;
const requestTimeoutMs = 10_000;

/**
 * Reads a hub's RTSP restream as a viewer would: DESCRIBE (answering a Digest or Basic challenge
 * with the credentials in the URL), SETUP over TCP interleaved, PLAY, then RTP packets grouped
 * into whole access units, of which only the SEI NAL units are handed over (the slices are
 * skipped, never reassembled); OPTIONS keeps the session alive and TEARDOWN ends it when `signal`
 * aborts. Ends when the hub closes the connection; throws when a request is refused.
 */
export async function readRtspEgress(url: string, onFrame: FrameSink, signal: AbortSignal): Promise<void> {
  const u = new URL(url);
  if (u.protocol !== 'rtsp:') throw new EgressReadError(`${url}: expected an rtsp:// URL`);
  const username = u.username === '' ? undefined : decodeURIComponent(u.username);
  const password = u.password === '' ? undefined : decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const plainUrl = u.toString();
  let frames: RtpAccessUnits | undefined;
  let badPacket: ParseError | undefined;
  let reader: RtspReader;
  try {
    reader = await RtspReader.connect(u.hostname, Number(u.port || 554), {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      requestTimeoutMs,
      // Views into the read buffer: only the SEI NAL units are copied out (all a tally reads).
      onRtpView: (packet) => {
        if (frames === undefined || badPacket !== undefined) return;
        try {
          for (const nals of frames.push(packet)) onFrame(frames.codec, nals);
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
          badPacket = err;
          reader.close();
        }
      },
    });
  } catch (err) {
    if (signal.aborted) return;
    throw new EgressReadError(`${plainUrl}: cannot connect: ${(err as Error).message}`);
  }
  const closed = once(reader.socket, 'close');
  // Awaited after PLAY; an error before then must not surface as an unhandled rejection.
  closed.catch(() => undefined);
  const onAbort = (): void => void teardown(reader, plainUrl);
  signal.addEventListener('abort', onAbort, { once: true });
  let keepAlive: NodeJS.Timeout | undefined;
  try {
    const { sdp } = await reader.play(plainUrl);
    const track = readSdpVideoTrack(sdp);
    frames = new RtpAccessUnits(track.codec, track.payloadType, {
      keep: track.codec === 'h264' ? isH264Sei : isH265Sei,
    });
    keepAlive = setInterval(
      () => void reader.request('OPTIONS', plainUrl, [['Session', reader.session ?? '']]).catch(() => undefined),
      keepAliveMs,
    );
    await closed;
  } catch (err) {
    reader.close();
    if (signal.aborted) return;
    throw err instanceof ParseError ? err : new EgressReadError(`${plainUrl}: ${(err as Error).message}`);
  } finally {
    clearInterval(keepAlive);
    signal.removeEventListener('abort', onAbort);
  }
  if (badPacket !== undefined && !signal.aborted) throw badPacket;
}

const isH264Sei = (type: number): boolean => type === H264NalType.sei;
const isH265Sei = (type: number): boolean => type === H265NalType.prefixSei || type === H265NalType.suffixSei;

/** TEARDOWN so the hub frees the session at once, then close whatever it answered. */
async function teardown(reader: RtspReader, url: string): Promise<void> {
  if (reader.session !== undefined && !reader.closed)
    await reader.request('TEARDOWN', url, [['Session', reader.session]]).catch(() => undefined);
  reader.close();
}
