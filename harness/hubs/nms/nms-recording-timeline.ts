import type { RecordingTimelineSample } from '../../../simulators/observations/observation.ts';
import { ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { runTool } from '../../../media/ffmpeg/run-tool.ts';

/** One timeline sample per this much of the recording's wall span. */
const sampleEveryMs = 1_000;

/**
 * Where a recording file puts its pictures, as `hub.recording`'s timeline: the file keeps no
 * arrival times, so picture i of n is placed at its share of the file's wall span (a camera at a
 * constant frame rate spreads its pictures evenly over it), and its position is its presentation
 * time from the file's first picture. Pure: packet times in seconds, in file order.
 */
export function fileTimeline(ptsSeconds: readonly number[], startMs: number, endMs: number): RecordingTimelineSample[] {
  const n = ptsSeconds.length;
  if (n < 2 || endMs <= startMs) return [];
  const first = ptsSeconds[0]!;
  const samples: RecordingTimelineSample[] = [];
  let lastAt = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const atMs = Math.round(startMs + ((endMs - startMs) * i) / (n - 1));
    if (atMs - lastAt < sampleEveryMs && i !== n - 1) continue;
    lastAt = atMs;
    samples.push({ atMs, mediaMs: Math.round((ptsSeconds[i]! - first) * 1000) });
  }
  return samples;
}

/** The presentation times (s) of the video packets of a recording file, in file order, read with ffprobe. */
export async function filePacketTimes(path: string): Promise<number[]> {
  const out = await runTool(ffprobePath(), [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts_time',
    '-of',
    'csv=p=0',
    path,
  ]);
  return out
    .toString('utf8')
    .split('\n')
    .map((line) => Number.parseFloat(line))
    .filter((t) => Number.isFinite(t));
}
