/**
 * Motion (4.5, the Debian package) configuration for one run: a main file and one camera file per
 * camera under camera_dir. Pure: returns file contents; the adapter writes them.
 */

/** Motion hook events the adapter listens for; each calls back `<hookBase>/<event>?camera=%t`. */
export const motionHookEvents = ['camera_lost', 'camera_found', 'movie_start', 'movie_end'] as const;
export type MotionHookEvent = (typeof motionHookEvents)[number];

export interface MotionMainConfig {
  cameraDir: string;
  targetDir: string;
  /** Base URL of the adapter's hook receiver, e.g. http://127.0.0.1:40123/motion */
  hookBase: string;
  /** Longest movie before Motion starts a new file. */
  movieMaxTimeS: number;
}

export interface MotionCameraConfig {
  motionId: number;
  name: string;
  /** rtsp:// URL without credentials; those go in netcam_userpass. */
  url: string;
  username: string;
  password: string;
}

/** A shell-safe single-quoted word (Motion runs hooks through /bin/sh -c). */
function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

function hook(base: string, event: MotionHookEvent): string {
  // %t is Motion's numeric camera id; %f the movie file. -m bounds a hook if camlab is gone.
  const file = event === 'movie_start' || event === 'movie_end' ? ' --data-urlencode file=%f' : '';
  return `curl -s -o /dev/null -m 2 -G --data-urlencode camera=%t${file} ${shellQuote(`${base}/${event}`)}`;
}

export function motionMainConfig(c: MotionMainConfig): string {
  return [
    '# written by camlab for one run',
    'daemon off',
    'setup_mode off',
    'log_level 6',
    `target_dir ${c.targetDir}`,
    // Record all the time, as a CCTV hub does, not only on motion.
    'emulate_motion on',
    // Decode at up to 25 fps, the cameras' usual rate, so frames never queue up behind the capture loop.
    'framerate 25',
    'event_gap 1',
    'picture_output off',
    'movie_output on',
    // Keep the camera's own H.264: what the hub stores is what the camera sent.
    'movie_passthrough on',
    'movie_codec mkv',
    `movie_max_time ${c.movieMaxTimeS}`,
    'movie_filename %t-%Y%m%d%H%M%S',
    // No web control or MJPEG stream: nothing camlab reads, and fixed ports would collide.
    'webcontrol_port 0',
    'stream_port 0',
    `on_camera_lost ${hook(c.hookBase, 'camera_lost')}`,
    `on_camera_found ${hook(c.hookBase, 'camera_found')}`,
    `on_movie_start ${hook(c.hookBase, 'movie_start')}`,
    `on_movie_end ${hook(c.hookBase, 'movie_end')}`,
    `camera_dir ${c.cameraDir}`,
    '',
  ].join('\n');
}

export function motionCameraConfig(c: MotionCameraConfig): string {
  return [
    `camera_id ${c.motionId}`,
    `camera_name ${c.name}`,
    `netcam_url ${c.url}`,
    `netcam_userpass ${c.username}:${c.password}`,
    // RTP interleaved over the RTSP connection, as the specification's TCP profile asks.
    'netcam_params rtsp_transport=tcp',
    '',
  ].join('\n');
}
