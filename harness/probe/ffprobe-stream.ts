import { spawn } from 'node:child_process';
import { ffprobePath } from '../../media/ffmpeg/ffmpeg-path.ts';

export interface StreamProbe {
  codec: string;
  width: number;
  height: number;
  /** Video packets read in the probe window. */
  packets: number;
}

/**
 * Plays an RTSP URL with ffprobe (a real client: DESCRIBE, SETUP, PLAY over TCP, digest when
 * challenged) for `readSeconds` and reports the video stream and how many packets arrived.
 */
export async function ffprobeStream(
  url: string,
  user: string,
  password: string,
  readSeconds: number,
  timeoutMs: number,
): Promise<StreamProbe> {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  // No socket-timeout option: its name changed across ffprobe versions (stimeout, timeout); the kill timer bounds the run.
  const args = [
    '-v',
    'error',
    '-rtsp_transport',
    'tcp',
    '-select_streams',
    'v:0',
    '-read_intervals',
    `%+${readSeconds}`,
    '-count_packets',
    '-show_entries',
    'stream=codec_name,width,height,nb_read_packets',
    '-of',
    'json',
    u.toString(),
  ];
  const child = spawn(ffprobePath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + readSeconds * 1000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const why = err.trim().split('\n').pop() ?? '';
  if (code !== 0 || out.trim() === '')
    throw new Error(
      `ffprobe ${code === 0 ? 'printed nothing' : `exited ${code ?? 'on a signal'}`}: ${why || 'no error output'}`,
    );
  const parsed = JSON.parse(out) as {
    streams?: { codec_name?: string; width?: number; height?: number; nb_read_packets?: string }[];
  };
  const s = parsed.streams?.[0];
  if (s?.codec_name === undefined) throw new Error('no video stream in the RTSP session');
  return { codec: s.codec_name, width: s.width ?? 0, height: s.height ?? 0, packets: Number(s.nb_read_packets ?? 0) };
}
