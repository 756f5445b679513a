import { replayPath } from '../recording/recorded-track.ts';
import { RtspError } from './rtsp-error.ts';
import { trackControl } from './sdp.ts';

export interface ReplayTarget {
  recordingToken: string;
  /** True when the URL names the track (…/trackID=0) rather than the aggregate. */
  track: boolean;
}

const PREFIX = replayPath('');

/**
 * The recording a request URL names when it is a replay URL (replayPath(token), what
 * GetReplayUri answers), absolute or a bare path, optionally with the track control after it;
 * undefined for any other URL (the live paths). Throws 404 for a replay URL that names no token.
 */
export function resolveReplayPath(uri: string): ReplayTarget | undefined {
  let rest = uri;
  const scheme = /^rtsps?:\/\/[^/?]*/i.exec(rest);
  if (scheme !== null) rest = rest.slice(scheme[0].length);
  if (!rest.startsWith(PREFIX)) return undefined;
  rest = rest.slice(PREFIX.length);
  while (rest.endsWith('/')) rest = rest.slice(0, -1);
  let track = false;
  if (rest.endsWith(`/${trackControl}`)) {
    track = true;
    rest = rest.slice(0, -trackControl.length - 1);
  }
  if (rest === '' || rest.includes('/')) throw new RtspError(404, `no recording at ${uri.slice(0, 128)}`);
  let recordingToken: string;
  try {
    recordingToken = decodeURIComponent(rest);
  } catch {
    throw new RtspError(404, `replay URL with a malformed token: ${uri.slice(0, 128)}`);
  }
  return { recordingToken, track };
}
