/**
 * The node-media-server 2.7.4 configuration the adapter hands to its host process, and the names
 * it gives cameras inside the hub. Pure: no sockets, no files.
 */

/** The RTMP application every camera is relayed into; its streams are `/live/<stream>`. */
export const nmsApp = 'live';

/** Fragmented MP4 so a recording cut short by a crash or an outage is still readable. */
const mp4Flags = '[movflags=frag_keyframe+empty_moov]';

export interface NmsPorts {
  rtmpPort: number;
  httpPort: number;
}

export interface NmsConfigInput extends NmsPorts {
  ffmpeg: string;
  /** Where trans sessions write recordings (`<mediaRoot>/live/<stream>/<date>.mp4`). */
  mediaRoot: string;
  apiUser: string;
  apiPassword: string;
  record: boolean;
}

export interface NmsRelayTask {
  app: string;
  name: string;
  /** 'static' tasks are restarted by NMS's own 1 s cycle; a released task is parked as 'released'. */
  mode: 'static' | 'released';
  edge: string;
  rtsp_transport: 'tcp' | 'udp';
}

export interface NmsConfig {
  logType: number;
  rtmp: { port: number; chunk_size: number; gop_cache: boolean; ping: number; ping_timeout: number };
  http: { port: number; mediaroot: string; allow_origin: string; api: boolean };
  auth: { api: boolean; api_user: string; api_pass: string; play: boolean; publish: boolean };
  relay: { ffmpeg: string; tasks: NmsRelayTask[] };
  trans?: { ffmpeg: string; tasks: { app: string; mp4: boolean; mp4Flags: string }[] };
}

export function nmsConfig(input: NmsConfigInput): NmsConfig {
  const config: NmsConfig = {
    // 2 = NORMAL: relay starts and ends are logged, and the adapter turns them into hub.log.
    logType: 2,
    // NMS's own defaults from bin/app.js; ping keeps idle RTMP sessions honest.
    rtmp: { port: input.rtmpPort, chunk_size: 60_000, gop_cache: true, ping: 30, ping_timeout: 60 },
    http: { port: input.httpPort, mediaroot: input.mediaRoot, allow_origin: '*', api: true },
    auth: { api: true, api_user: input.apiUser, api_pass: input.apiPassword, play: false, publish: false },
    relay: { ffmpeg: input.ffmpeg, tasks: [] },
  };
  if (input.record) config.trans = { ffmpeg: input.ffmpeg, tasks: [{ app: nmsApp, mp4: true, mp4Flags }] };
  return config;
}

/** NMS stream names are one path segment; camera ids outside [A-Za-z0-9_-] are hex-escaped. */
export function nmsStreamName(cameraId: string): string {
  return cameraId.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

export function nmsStreamPath(cameraId: string): string {
  return `/${nmsApp}/${nmsStreamName(cameraId)}`;
}

/** The RTSP URL with the hub's credentials for the camera, as an operator would type it into NMS. */
export function rtspUrlWithCredentials(url: string, username: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(username);
  u.password = encodeURIComponent(password);
  return u.toString();
}
