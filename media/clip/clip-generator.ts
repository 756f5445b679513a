import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ffmpegPath, ffprobePath } from '../ffmpeg/ffmpeg-path.ts';
import { runTool } from '../ffmpeg/run-tool.ts';
import type { FrameTiming } from './packetize-clip.ts';
import type { ClipSpec } from './packetized-clip.ts';

/** Debian's fonts-dejavu-core; without it clips are generated without text. */
export const LABEL_FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** File names inside one cache entry. */
export const ClipFiles = {
  annexB: (spec: ClipSpec): string => (spec.codec === 'h264' ? 'clip.h264' : 'clip.h265'),
  timings: 'frames.json',
  snapshot: 'snapshot.jpg',
  spec: 'spec.json',
  container: 'clip.mp4',
  label: 'label.txt',
} as const;

export async function fontAvailable(): Promise<boolean> {
  try {
    await access(LABEL_FONT_FILE);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encode: a testsrc2 pattern with the label and a running timecode burned in, encoded into
 * MP4 (which keeps pts/dts, lost in raw Annex-B) plus a JPEG of the first frame.
 */
export function encodeArgs(spec: ClipSpec, dir: string, withText: boolean): string[] {
  const frames = Math.round(spec.durationS * spec.fps);
  const box = `fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=${Math.max(2, Math.round(spec.height / 120))}:fontsize=${Math.max(10, Math.round(spec.height / 16))}`;
  const filters = ['format=yuv420p'];
  if (withText) {
    if (spec.label !== '') {
      filters.push(
        `drawtext=fontfile=${LABEL_FONT_FILE}:textfile=${join(dir, ClipFiles.label)}:expansion=none:x=w/32:y=h/24:${box}`,
      );
    }
    filters.push(`drawtext=fontfile=${LABEL_FONT_FILE}:text='%{pts\\:hms}':x=w/32:y=h/24+h/12:${box}`);
  }
  const bitrate = `${spec.bitrateKbps}k`;
  // A half-second VBV buffer keeps ultrafast's ABR within a few percent of the target (a 1 s buffer overshoots ~10%).
  const bufferKbits = Math.max(1, Math.round(spec.bitrateKbps / 2));
  const codecArgs =
    spec.codec === 'h264'
      ? [
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-profile:v',
          spec.h264Profile,
          '-g',
          String(spec.gopFrames),
          '-keyint_min',
          String(spec.gopFrames),
          '-sc_threshold',
          '0',
          '-bf',
          spec.bFrames ? '2' : '0',
          // ultrafast turns CABAC and 8x8 transforms off, and x264 then signals Constrained Baseline
          // whatever -profile says; switch on what the requested profile is known for.
          '-x264-params',
          spec.h264Profile === 'baseline' ? 'cabac=0' : spec.h264Profile === 'main' ? 'cabac=1' : 'cabac=1:8x8dct=1',
          '-b:v',
          bitrate,
          '-maxrate',
          bitrate,
          '-bufsize',
          `${bufferKbits}k`,
        ]
      : [
          '-c:v',
          'libx265',
          '-preset',
          'ultrafast',
          '-b:v',
          bitrate,
          '-x265-params',
          [
            `keyint=${spec.gopFrames}`,
            `min-keyint=${spec.gopFrames}`,
            'scenecut=0',
            'open-gop=0',
            `bframes=${spec.bFrames ? 2 : 0}`,
            `vbv-maxrate=${spec.bitrateKbps}`,
            `vbv-bufsize=${bufferKbits}`,
            'repeat-headers=1',
            'log-level=error',
          ].join(':'),
        ];
  return [
    '-v',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${spec.width}x${spec.height}:rate=${spec.fps}`,
    '-filter_complex',
    `[0:v]${filters.join(',')},split=2[clip][snap]`,
    '-map',
    '[clip]',
    '-frames:v',
    String(frames),
    ...codecArgs,
    '-video_track_timescale',
    '90000',
    join(dir, ClipFiles.container),
    '-map',
    '[snap]',
    '-frames:v',
    '1',
    '-q:v',
    '3',
    join(dir, ClipFiles.snapshot),
  ];
}

// Not .strict(): ffprobe versions add sections (e.g. "programs") beyond the entries asked for.
const ffprobePacketsSchema = z.object({
  packets: z.array(z.object({ pts: z.number().int(), dts: z.number().int() })).min(1),
  streams: z.array(z.object({ time_base: z.string().regex(/^\d+\/\d+$/) })).length(1),
});

/** Runs ffmpeg and ffprobe to fill `dir` with the clip's Annex-B stream, timings and snapshot. */
export async function generateClipFiles(spec: ClipSpec, dir: string): Promise<void> {
  const withText = await fontAvailable();
  if (withText && spec.label !== '') {
    await writeFile(join(dir, ClipFiles.label), spec.label);
  }
  await runTool(ffmpegPath(), encodeArgs(spec, dir, withText));
  const container = join(dir, ClipFiles.container);
  const bsf = spec.codec === 'h264' ? 'h264_mp4toannexb' : 'hevc_mp4toannexb';
  await runTool(ffmpegPath(), [
    '-v',
    'error',
    '-nostdin',
    '-y',
    '-i',
    container,
    '-c',
    'copy',
    '-bsf:v',
    bsf,
    '-f',
    spec.codec === 'h264' ? 'h264' : 'hevc',
    join(dir, ClipFiles.annexB(spec)),
  ]);
  const probe = await runTool(ffprobePath(), [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts,dts:stream=time_base',
    '-of',
    'json',
    container,
  ]);
  const parsed = ffprobePacketsSchema.parse(JSON.parse(probe.toString('utf8')));
  const [num, den] = (parsed.streams[0]?.time_base ?? '1/90000').split('/').map(Number) as [number, number];
  const toTicks = (t: number): number => Math.round((t * 90_000 * num) / den);
  const timings: FrameTiming[] = parsed.packets.map((p) => ({ ptsTicks: toTicks(p.pts), dtsTicks: toTicks(p.dts) }));
  await writeFile(join(dir, ClipFiles.timings), JSON.stringify(timings));
  await writeFile(join(dir, ClipFiles.spec), JSON.stringify(spec, null, 2));
}
