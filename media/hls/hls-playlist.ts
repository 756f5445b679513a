import { ParseError } from '../errors/parse-error.ts';

/** One media segment of a media playlist, numbered by its media sequence number. */
export interface HlsSegment {
  sequence: number;
  /** As written in the playlist: relative to the playlist's URL, or absolute. */
  uri: string;
  durationS: number;
}

export type HlsPlaylist =
  | { kind: 'master'; variants: { uri: string; bandwidth?: number }[] }
  | {
      kind: 'media';
      targetDurationS: number;
      mediaSequence: number;
      segments: HlsSegment[];
      ended: boolean;
      /** The #EXT-X-MAP URI: segments are fragmented MP4 (or need this header), not self-contained MPEG-TS. */
      initSegment?: string;
    };

/** A live playlist names a few segments; far more than this is not one a reader should follow. */
const MAX_PLAYLIST_BYTES = 1024 * 1024;
const MAX_PLAYLIST_ENTRIES = 10_000;

/**
 * Parses an HLS playlist (RFC 8216 §4): a master playlist's variant streams, or a media
 * playlist's segments with their sequence numbers. Tags a reader does not need are skipped, as
 * the RFC asks of unknown tags. Text in, value out; malformed input throws ParseError naming the
 * line.
 */
export function parseHlsPlaylist(text: string): HlsPlaylist {
  if (text.length > MAX_PLAYLIST_BYTES)
    throw new ParseError(`playlist of ${text.length} characters exceeds ${MAX_PLAYLIST_BYTES}`);
  const lines = text.split(/\r?\n/);
  if (lines[0]?.replace(/^\uFEFF/, '') !== '#EXTM3U')
    throw new ParseError('not an HLS playlist: the first line is not #EXTM3U', 0);
  const variants: { uri: string; bandwidth?: number }[] = [];
  const segments: HlsSegment[] = [];
  let targetDurationS: number | undefined;
  let mediaSequence = 0;
  let ended = false;
  let initSegment: string | undefined;
  let pendingDurationS: number | undefined;
  let pendingVariant: { bandwidth?: number } | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const at = `line ${i + 1}`;
    if (line === '') continue;
    if (variants.length + segments.length >= MAX_PLAYLIST_ENTRIES)
      throw new ParseError(`playlist lists more than ${MAX_PLAYLIST_ENTRIES} entries`);
    if (line.startsWith('#')) {
      const colon = line.indexOf(':');
      const tag = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1);
      if (tag === '#EXTINF') {
        pendingDurationS = decimal(value.split(',')[0]!, `${at}: #EXTINF duration`);
      } else if (tag === '#EXT-X-TARGETDURATION') {
        targetDurationS = decimal(value, `${at}: #EXT-X-TARGETDURATION`);
      } else if (tag === '#EXT-X-MEDIA-SEQUENCE') {
        mediaSequence = wholeNumber(value, `${at}: #EXT-X-MEDIA-SEQUENCE`);
      } else if (tag === '#EXT-X-ENDLIST') {
        ended = true;
      } else if (tag === '#EXT-X-MAP') {
        const uri = /(?:^|,)URI="([^"]*)"/.exec(value)?.[1];
        if (uri === undefined) throw new ParseError(`${at}: #EXT-X-MAP without URI="..."`);
        initSegment = uri;
      } else if (tag === '#EXT-X-STREAM-INF') {
        const bandwidth = /(?:^|,)BANDWIDTH=(\d+)/.exec(value)?.[1];
        pendingVariant = bandwidth === undefined ? {} : { bandwidth: Number(bandwidth) };
      }
      continue;
    }
    if (pendingVariant !== undefined) {
      variants.push({ uri: line, ...pendingVariant });
      pendingVariant = undefined;
    } else if (pendingDurationS !== undefined) {
      segments.push({ sequence: mediaSequence + segments.length, uri: line, durationS: pendingDurationS });
      pendingDurationS = undefined;
    } else {
      throw new ParseError(`${at}: URI '${line.slice(0, 80)}' follows neither #EXTINF nor #EXT-X-STREAM-INF`);
    }
  }
  if (variants.length > 0) {
    if (segments.length > 0) throw new ParseError('playlist mixes variant streams and media segments');
    return { kind: 'master', variants };
  }
  if (targetDurationS === undefined) throw new ParseError('media playlist without #EXT-X-TARGETDURATION');
  return {
    kind: 'media',
    targetDurationS,
    mediaSequence,
    segments,
    ended,
    ...(initSegment !== undefined ? { initSegment } : {}),
  };
}

function decimal(text: string, what: string): number {
  if (!/^\d+(?:\.\d+)?$/.test(text.trim()))
    throw new ParseError(`${what}: expected a decimal number, got '${text.slice(0, 40)}'`);
  return Number(text);
}

function wholeNumber(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text.trim()))
    throw new ParseError(`${what}: expected a whole number, got '${text.slice(0, 40)}'`);
  return Number(text);
}
