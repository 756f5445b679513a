import { ffprobePath } from '../ffmpeg/ffmpeg-path.ts';
import { runTool } from '../ffmpeg/run-tool.ts';

/** What e2e tests ask ffprobe about a file's first video stream. */
export interface ProbedStream {
  codec_name: string;
  width: number;
  height: number;
  r_frame_rate: string;
  profile: string;
  /** Present with countFrames. */
  nb_read_frames?: string;
}

/** ffprobe's view of a file read as `inputFormat`; `countFrames` decodes every frame (catches corrupt streams). */
export async function probeVideo(
  file: string,
  inputFormat: 'h264' | 'hevc' | 'flv' | 'mov',
  opts: { countFrames?: boolean; framerate?: number } = {},
): Promise<ProbedStream> {
  const args = ['-v', 'error', '-f', inputFormat];
  if (opts.framerate !== undefined) args.push('-framerate', String(opts.framerate));
  args.push(
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=codec_name,width,height,r_frame_rate,nb_read_frames,profile',
    '-of',
    'json',
  );
  if (opts.countFrames === true) args.push('-count_frames');
  args.push(file);
  const out = JSON.parse((await runTool(ffprobePath(), args)).toString('utf8')) as { streams: ProbedStream[] };
  const stream = out.streams[0];
  if (stream === undefined) throw new Error(`ffprobe found no video stream in ${file}`);
  return stream;
}
