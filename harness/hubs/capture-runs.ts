import type { SeiStamp } from '../../media/sei/sei-stamp.ts';
import { captureRunBreakMs, type CaptureRun } from '../../simulators/observations/observation.ts';

/** One picture a hub's recording holds: the camlab stamp it carries, and the hub's own time for it where it gives one. */
export interface RecordedPicture {
  stamp: SeiStamp | undefined;
  hubTimeMs?: number;
}

export interface CaptureCoverage {
  runs: CaptureRun[];
  unstampedFrames: number;
  foreignFrames: number;
}

/**
 * The capture-time coverage of one recording of `camera` (the hub.recording.frames contract):
 * this camera's stamped pictures in capture order, one per capture instant, cut into runs where
 * two are more than `captureRunBreakMs` apart or where live frames meet replayed ones; the hub's
 * time error per run where it gave a time. Pure: pictures in, coverage out.
 */
export function captureRunsOf(camera: string, pictures: Iterable<RecordedPicture>): CaptureCoverage {
  let unstampedFrames = 0;
  const foreign = new Set<string>();
  const byInstant = new Map<number, RecordedPicture & { stamp: SeiStamp }>();
  for (const p of pictures) {
    if (p.stamp === undefined) unstampedFrames++;
    else if (p.stamp.cameraId !== camera) foreign.add(`${p.stamp.cameraId}\n${p.stamp.sendTimeMs}`);
    else if (!byInstant.has(p.stamp.sendTimeMs))
      byInstant.set(p.stamp.sendTimeMs, p as RecordedPicture & { stamp: SeiStamp });
  }
  const ordered = [...byInstant.values()].sort((a, b) => a.stamp.sendTimeMs - b.stamp.sendTimeMs);
  const runs: CaptureRun[] = [];
  let run: CaptureRun | undefined;
  for (const p of ordered) {
    const at = p.stamp.sendTimeMs;
    const replayed = p.stamp.replayed === true;
    if (run === undefined || at - run.lastMs > captureRunBreakMs || run.replayed !== replayed) {
      run = { firstMs: at, lastMs: at, frames: 0, replayed };
      runs.push(run);
    }
    run.lastMs = at;
    run.frames++;
    if (p.hubTimeMs !== undefined) {
      const error = p.hubTimeMs - at;
      run.timeErrorMs =
        run.timeErrorMs === undefined
          ? { min: error, max: error }
          : { min: Math.min(run.timeErrorMs.min, error), max: Math.max(run.timeErrorMs.max, error) };
    }
  }
  return { runs, unstampedFrames, foreignFrames: foreign.size };
}
