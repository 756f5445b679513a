import http from 'node:http';
import https from 'node:https';
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
/** A live playlist names a few segments; a body past this is not one (the parser takes at most 1 Mi characters). */
const maxPlaylistBytes = 4 * 1024 * 1024;

/** Takes one segment's bytes as they arrive, then its end. */
export interface HlsSegmentSink {
  chunk(bytes: Buffer): void;
  end(): void;
}

/**
 * Reads a hub's HLS restream as a player would: loads the playlist (following a master playlist
 * to its first variant), starts at the newest segment, then reloads the playlist and reads each
 * new MPEG-TS segment once, in order; every video PES is one frame. Fragmented MP4 segments
 * (#EXT-X-MAP) are refused with that reason. Ends when the playlist is
 * ended and read; throws when the playlist or a segment cannot be fetched or parsed.
 */
export function readHlsEgress(url: string, onFrame: FrameSink, signal: AbortSignal): Promise<void> {
  return followHlsPlaylist(url, signal, () => {
    const demuxer = new TsDemuxer();
    return {
      chunk: (bytes) => {
        for (const pes of demuxer.push(bytes)) if (pes.codec !== undefined) onFrame(pes.codec, splitAnnexB(pes.data));
      },
      end: () => {
        for (const pes of demuxer.flush()) if (pes.codec !== undefined) onFrame(pes.codec, splitAnnexB(pes.data));
      },
    };
  });
}

/**
 * The player's side of HLS without the demuxing: playlist loads and reloads, and each new
 * segment's bytes handed to a fresh sink from `segment()`, in order. readHlsEgress demuxes them;
 * the egress benchmark's floor only counts them, making the same requests at the same times.
 */
export async function followHlsPlaylist(
  url: string,
  signal: AbortSignal,
  segment: () => HlsSegmentSink,
): Promise<void> {
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
    for (const s of segments) {
      if (s.sequence < nextSequence) continue;
      if (!(await readSegment(new URL(s.uri, playlistUrl).toString(), segment(), signal))) return;
      nextSequence = s.sequence + 1;
    }
    if (playlist.ended) return;
    const reloadMs = Math.min(maxReloadMs, Math.max(minReloadMs, (playlist.targetDurationS * 1000) / 2));
    await delay(reloadMs, undefined, { signal }).catch(() => undefined);
  }
}

async function fetchPlaylist(url: string, signal: AbortSignal): Promise<HlsPlaylist | undefined> {
  const parts: Buffer[] = [];
  let bytes = 0;
  const read = await get(url, signal, {
    chunk: (chunk) => {
      bytes += chunk.length;
      if (bytes > maxPlaylistBytes) throw new EgressReadError(`${url}: playlist longer than ${maxPlaylistBytes} bytes`);
      parts.push(chunk);
    },
    end: () => undefined,
  });
  return read ? parseHlsPlaylist(Buffer.concat(parts).toString('utf8')) : undefined;
}

/** Reads one segment into `sink` as its bytes arrive; false when aborted. */
function readSegment(url: string, sink: HlsSegmentSink, signal: AbortSignal): Promise<boolean> {
  return get(url, signal, sink);
}

/**
 * One GET (node:http: body chunks as Buffers by event; fetch's web streams cost a promise and a
 * copy per chunk, most of a segment read's cost), its body handed to `sink`. True when read to
 * the end, false when `signal` aborted it; throws on a refusal, a status other than 2xx, a
 * connection lost mid-body, the request deadline, or what the sink throws.
 */
function get(url: string, signal: AbortSignal, sink: HlsSegmentSink): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const u = new URL(url);
    let settled = false;
    const settle = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) resolve(false);
      else if (err === undefined) resolve(true);
      else {
        req.destroy();
        reject(err);
      }
    };
    const req = (u.protocol === 'https:' ? https : http).get(u, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        settle(new EgressReadError(`GET ${url} answered ${status}`));
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        try {
          sink.chunk(chunk);
        } catch (err) {
          settle(err as Error);
        }
      });
      res.on('end', () => {
        if (settled) return;
        try {
          sink.end();
          settle();
        } catch (err) {
          settle(err as Error);
        }
      });
      res.on('close', () => {
        if (!res.complete) settle(new EgressReadError(`GET ${url}: the connection closed mid-body`));
      });
    });
    req.on('error', (err) => settle(new EgressReadError(`GET ${url} failed: ${err.message}`)));
    const deadline = setTimeout(
      () => settle(new EgressReadError(`GET ${url}: no whole answer within ${requestTimeoutMs} ms`)),
      requestTimeoutMs,
    );
    const onAbort = (): void => {
      req.destroy();
      settle();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
