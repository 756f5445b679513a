import type { Camera } from '../camera/camera.ts';
import { rtspPath } from '../camera/uris.ts';
import type { StreamProfileName } from '../observations/observation.ts';
import { RtspError } from './rtsp-error.ts';
import { trackControl } from './sdp.ts';

export interface StreamTarget {
  profile: StreamProfileName;
  /** True when the URL names the track (…/trackID=0) rather than the aggregate stream. */
  track: boolean;
}

const PROFILES: readonly StreamProfileName[] = ['main', 'sub'];

/**
 * Which profile a request URL names. Accepts absolute rtsp:// URLs and bare paths, the model's
 * query suffix (e.g. "?transportmode=unicast") and a track control appended after it, which is
 * where clients put it when Content-Base ends in the query (ffmpeg, VLC). Throws 404 otherwise.
 */
export function resolveStreamPath(camera: Camera, uri: string): StreamTarget {
  let rest = uri;
  const scheme = /^rtsps?:\/\/[^/?]*/i.exec(rest);
  if (scheme !== null) rest = rest.slice(scheme[0].length);
  if (rest === '') rest = '/';
  if (!rest.startsWith('/')) throw new RtspError(404, `not an rtsp URL or path: ${uri.slice(0, 128)}`);
  const q = rest.indexOf('?');
  if (q >= 0) {
    const afterQuery = rest.slice(q);
    const slash = afterQuery.indexOf('/');
    rest = rest.slice(0, q) + (slash >= 0 ? afterQuery.slice(slash) : '');
  }
  while (rest.length > 1 && rest.endsWith('/')) rest = rest.slice(0, -1);
  for (const profile of PROFILES) {
    if (camera.profile(profile) === undefined) continue;
    const base = rtspPath(camera, profile);
    if (rest === base) return { profile, track: false };
    if (rest === `${base}/${trackControl}`) return { profile, track: true };
  }
  throw new RtspError(404, `no stream at ${uri.slice(0, 128)}`);
}

/** The track URL for RTP-Info, from the URL a PLAY named. */
export function trackUrlOf(uri: string, target: StreamTarget): string {
  if (target.track) return uri;
  return `${uri.endsWith('/') ? uri : `${uri}/`}${trackControl}`;
}
