import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * node-media-server's trans sessions write one MP4 per publish, named after the instant it
 * started (`yyyy-mm-dd-HH-MM-ss.mp4`; the host runs with TZ=UTC so the name is UTC). The file's
 * last write is where the recording ends.
 */
export interface RecordedFile {
  path: string;
  startMs: number;
  endMs: number;
  bytes: number;
}

const namePattern = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})\.mp4$/;

/** Epoch ms of an NMS recording file name, or undefined for any other file. */
export function recordingStartMs(fileName: string): number | undefined {
  const m = namePattern.exec(fileName);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** The recordings of one stream folder; empty files (a publish that never got a frame) are skipped. */
export async function listRecordings(streamDir: string): Promise<RecordedFile[]> {
  let names: string[];
  try {
    names = await readdir(streamDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: RecordedFile[] = [];
  for (const name of names.sort()) {
    const startMs = recordingStartMs(name);
    if (startMs === undefined) continue;
    const path = join(streamDir, name);
    const st = await stat(path);
    if (st.size === 0) continue;
    files.push({ path, startMs, endMs: Math.max(startMs, st.mtimeMs), bytes: st.size });
  }
  return files;
}
