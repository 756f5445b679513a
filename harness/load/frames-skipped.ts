import type { Observation } from '../../simulators/observations/observation.ts';
import { sessionSpans } from '../spec/evidence/session-spans.ts';
import type { StageWindow } from './stage-metrics.ts';

/**
 * Frame slots the cameras' clocks skipped during a stage (camlab ran late), over every session:
 * the difference of the cumulative `framesSkipped` counters between the stage's start and end.
 * Sessions' stats carry the counter from specification 2026.12 on; older logs give 0. Read from
 * the sessions' counters, which hold every sample also when the log spilled to disk.
 */
export function framesSkippedIn(
  observations: readonly Observation[],
  w: Pick<StageWindow, 'startMs' | 'endMs'>,
): number {
  let total = 0;
  for (const span of sessionSpans(observations)) {
    const c = span.counters;
    let atStart = 0;
    let atEnd = 0;
    for (let i = 0; i < c.length; i++) {
      const atMs = c.atMs(i);
      if (atMs > w.endMs) break;
      if (atMs <= w.startMs) atStart = c.framesSkipped(i);
      atEnd = c.framesSkipped(i);
    }
    total += atEnd - atStart;
  }
  return total;
}
