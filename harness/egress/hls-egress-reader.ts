import { setTimeout as delay } from 'node:timers/promises';
import { splitAnnexB } from '../../media/h264/annexb.ts';
import { parseHlsPlaylist, type HlsPlaylist } from '../../media/hls/hls-playlist.ts';
import { TsDemuxer } from '../../media/ts/ts-demuxer.ts';
import { EgressReadError, type FrameSink } from './egress-reader.ts';

/** A master playlist pointing at another master is followed this deep, no further. */
const maxMasterHops = 3;
/** Bounds on how often a live playlist is reloaded (RFC 8216 §6.3.4 asks for the target duration; half reacts sooner). */
const minReloadMs = 200;
const maxReloadMs = 5_000;
const requestTimeoutMs = 10_000;

/**
 * Reads a hub's HLS restream as a player would: loads the playlist (following a master playlist
 * to its first variant), starts at the newest segment, then reloads the playlist and reads each
 * new MPEG-TS segment once, in order; every video PES is one frame. Fragmented MP4 segments
 * (#EXT-X-MAP) are refused with that reason. Ends when the playlist is
 * ended and read; throws when the playlist or a segment cannot be fetched or parsed.
 */
export async function readHlsEgress(url: string, onFrame: FrameSink, signal: AbortSignal): Promise<void> {
  let playlistUrl = url;
  let nextSequence: number | undefined;
  for (let hops = 0; !signal.aborted;) {
    const playlist = await fetchPlaylist(playlistUrl, signal);
    if (playlist === undefined) return;
    if (playlist.kind === 'master') {
      const first = playlist.variants[0];
      if (first === undefined || ++hops > maxMasterHops)
        throw new EgressReadError(`${playlistUrl}: master playlist leads to no media playlist`);
      playlistUrl = new URL(first.uri, playlistUrl).toString();
      continue;
    }
    if (playlist.initSegment !== undefined)
      throw new EgressReadError(
        `${playlistUrl}: fragmented MP4 segments (#EXT-X-MAP) are not read; camlab reads HLS with MPEG-TS segments`,
      );
    const segments = playlist.segments;
    // Live: join at the newest segment. A playlist that skipped past us (we fell behind): catch up at its start.
    if (nextSequence === undefined)
      nextSequence = playlist.ended ? playlist.mediaSequence : (segments.at(-1)?.sequence ?? playlist.mediaSequence);
    for (const segment of segments) {
      if (segment.sequence < nextSequence) continue;
      if (!(await readSegment(new URL(segment.uri, playlistUrl).toString(), onFrame, signal))) return;
      nextSequence = segment.sequence + 1;
    }
    if (playlist.ended) return;
    const reloadMs = Math.min(maxReloadMs, Math.max(minReloadMs, (playlist.targetDurationS * 1000) / 2));
    await delay(reloadMs, undefined, { signal }).catch(() => undefined);
  }
}

async function fetchPlaylist(url: string, signal: AbortSignal): Promise<HlsPlaylist | undefined> {
  const res = await get(url, signal);
  if (res === undefined) return undefined;
  return parseHlsPlaylist(await res.text());
}

/** Reads one segment, frame by frame as its bytes arrive; false when aborted. */
async function readSegment(url: string, onFrame: FrameSink, signal: AbortSignal): Promise<boolean> {
  const res = await get(url, signal);
  if (res === undefined || res.body === null) return false;
  const demuxer = new TsDemuxer();
  try {
    for await (const chunk of res.body)
      for (const pes of demuxer.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)))
        if (pes.codec !== undefined) onFrame(pes.codec, splitAnnexB(pes.data));
    for (const pes of demuxer.flush()) if (pes.codec !== undefined) onFrame(pes.codec, splitAnnexB(pes.data));
  } catch (err) {
    if (signal.aborted) return false;
    throw err;
  }
  return true;
}

async function get(url: string, signal: AbortSignal): Promise<Response | undefined> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(requestTimeoutMs)]) });
  } catch (err) {
    if (signal.aborted) return undefined;
    const e = err as Error;
    throw new EgressReadError(`GET ${url} failed: ${e.cause instanceof Error ? e.cause.message : e.message}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new EgressReadError(`GET ${url} answered ${res.status}`);
  }
  return res;
}
