import { ParseError } from '../../media/errors/parse-error.ts';

/**
 * The RTSP header fields of ONVIF replay (ONVIF Streaming Specification, "RTSP feature tag" to
 * "Immediate"), as pure codecs: Range (clock and npt, RFC 2326 §3.6/§3.7/§12.29), Scale
 * (§12.34), Rate-Control, Frames, Immediate and the Require feature tags. Servers and clients
 * (the harness's reference hub) share them.
 */

/** The ONVIF replay feature tag (RFC 2326 §12.32 Require). */
export const ONVIF_REPLAY_TAG = 'onvif-replay';

/** A Range header. A clock range is absolute time (ms since the Unix epoch); npt is seconds from the stream's start, or 'now'. */
export type RangeHeader =
  | { kind: 'clock'; startMs: number | undefined; endMs: number | undefined }
  | { kind: 'npt'; startS: number | 'now'; endS: number | undefined };

/** What Frames asks for: every frame, key frames and predicted frames only (no B-frames), or key frames only (at most one per intervalMs when given). */
export type FramesHeader = { kind: 'all' } | { kind: 'predicted' } | { kind: 'intra'; intervalMs: number | undefined };

const MAX_HEADER_CHARS = 256;
/** utc-date "T" utc-time "Z" (RFC 2326 §3.7): YYYYMMDDThhmmss[.fraction]Z. */
const CLOCK = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/;
const NPT_TIME = /^(?:(\d{1,12})(?:\.(\d{1,9}))?|(\d{1,9}):([0-5]\d):([0-5]\d)(?:\.(\d{1,9}))?)$/;

function checkLength(name: string, value: string): string {
  if (value.length > MAX_HEADER_CHARS)
    throw new ParseError(`${name} header of ${value.length} characters exceeds ${MAX_HEADER_CHARS}`);
  return value.trim();
}

function quote(value: string): string {
  return JSON.stringify(value.slice(0, 64));
}

/** An absolute time in the clock format, e.g. 20090615T114900.440Z. */
export function parseClockTime(value: string): number {
  const m = CLOCK.exec(value);
  if (m === null) throw new ParseError(`clock time must be YYYYMMDDThhmmss[.fff]Z, got ${quote(value)}`);
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fractionMs = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 20090231 over into March: a date that does not round-trip is not a date.
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new ParseError(`clock time ${quote(value)} is not a valid UTC date and time`);
  }
  return ms + fractionMs;
}

/** The clock format of an instant, to the millisecond (20090615T114900.440Z). */
export function formatClockTime(ms: number): string {
  const iso = new Date(Math.round(ms)).toISOString(); // 2009-06-15T11:49:00.440Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}Z`;
}

function parseNptTime(value: string): number | 'now' {
  if (value === 'now') return 'now';
  const m = NPT_TIME.exec(value);
  if (m === null) throw new ParseError(`npt time must be seconds, h:mm:ss or now, got ${quote(value)}`);
  if (m[1] !== undefined) return Number(m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`);
  const seconds = Number(m[5]) + (m[6] === undefined ? 0 : Number(`0.${m[6]}`));
  return Number(m[3]) * 3600 + Number(m[4]) * 60 + seconds;
}

/**
 * A Range header: `clock=START-[END]`, `clock=-END`, `npt=START-[END]`, or a single instant
 * (`clock=START`, read as START-, as PAUSE uses it). Parameters after ';'
 * (`;time=`) are ignored, as RFC 2326 allows. Throws ParseError otherwise.
 */
export function parseRangeHeader(header: string): RangeHeader {
  const value = checkLength('Range', header).split(';')[0]!.trim();
  const eq = value.indexOf('=');
  if (eq < 0) throw new ParseError(`Range must be clock=… or npt=…, got ${quote(value)}`);
  const unit = value.slice(0, eq).trim().toLowerCase();
  const spec = value.slice(eq + 1).trim();
  // A single instant without '-' is how PAUSE names its pause point (RFC 2326 §10.6).
  const dash = spec.indexOf('-');
  const from = (dash < 0 ? spec : spec.slice(0, dash)).trim();
  const to = dash < 0 ? '' : spec.slice(dash + 1).trim();
  if (unit === 'clock') {
    if (from === '' && to === '') throw new ParseError('clock Range names neither a start nor an end');
    return {
      kind: 'clock',
      startMs: from === '' ? undefined : parseClockTime(from),
      endMs: to === '' ? undefined : parseClockTime(to),
    };
  }
  if (unit === 'npt') {
    if (from === '') throw new ParseError(`npt Range ${quote(value)} has no start`);
    const end = to === '' ? undefined : parseNptTime(to);
    if (end === 'now') throw new ParseError('npt Range cannot end at now');
    return { kind: 'npt', startS: parseNptTime(from), endS: end };
  }
  throw new ParseError(`Range unit ${quote(unit)} is not clock or npt`);
}

export function formatRangeHeader(range: RangeHeader): string {
  if (range.kind === 'clock')
    return `clock=${range.startMs === undefined ? '' : formatClockTime(range.startMs)}-${range.endMs === undefined ? '' : formatClockTime(range.endMs)}`;
  const start = range.startS === 'now' ? 'now' : range.startS.toFixed(3);
  return `npt=${start}-${range.endS === undefined ? '' : range.endS.toFixed(3)}`;
}

/** Scale (RFC 2326 §12.34): a non-zero finite number; negative is reverse playback. */
export function parseScaleHeader(header: string): number {
  const value = checkLength('Scale', header);
  if (!/^[+-]?(?:\d{1,9}(?:\.\d{0,9})?|\.\d{1,9})$/.test(value))
    throw new ParseError(`Scale must be a decimal number, got ${quote(value)}`);
  const scale = Number(value);
  if (scale === 0) throw new ParseError('Scale 0 is not a playback speed');
  return scale;
}

/** A yes/no header (Rate-Control, Immediate); the value is case-insensitive. */
export function parseYesNoHeader(name: string, header: string): boolean {
  const value = checkLength(name, header).toLowerCase();
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new ParseError(`${name} must be yes or no, got ${quote(value)}`);
}

/** Frames: `intra`, `predicted`, or `intra/<interval in ms>`. */
export function parseFramesHeader(header: string): FramesHeader {
  const value = checkLength('Frames', header).toLowerCase();
  if (value === 'predicted') return { kind: 'predicted' };
  if (value === 'intra') return { kind: 'intra', intervalMs: undefined };
  const m = /^intra\/(\d{1,9})$/.exec(value);
  if (m === null) throw new ParseError(`Frames must be intra, predicted or intra/<ms>, got ${quote(value)}`);
  const intervalMs = Number(m[1]);
  if (intervalMs === 0) throw new ParseError('Frames intra interval must be at least 1 ms');
  return { kind: 'intra', intervalMs };
}

export function formatFramesHeader(frames: Exclude<FramesHeader, { kind: 'all' }>): string {
  return frames.kind === 'intra' && frames.intervalMs !== undefined ? `intra/${frames.intervalMs}` : frames.kind;
}

/** The option tags of a Require header (RFC 2326 §12.32), lower-cased. */
export function parseRequireHeader(header: string): string[] {
  return checkLength('Require', header)
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
}
