import type { Observation } from '../../simulators/observations/observation.ts';
import type { StageWindow } from './stage-metrics.ts';

/**
 * Frame slots the cameras' clocks skipped during a stage (camlab ran late), over every session:
 * the difference of the cumulative `framesSkipped` counters between the stage's start and end.
 * Sessions' stats carry the counter from specification 2026.12 on; older logs give 0.
 */
export function framesSkippedIn(
  observations: readonly Observation[],
  w: Pick<StageWindow, 'startMs' | 'endMs'>,
): number {
  const atStart = new Map<string, number>();
  const atEnd = new Map<string, number>();
  for (const o of observations) {
    if (o.atMs > w.endMs) break;
    if (o.kind !== 'rtsp.session.stats' && o.kind !== 'rtsp.session.close') continue;
    const skipped = 'framesSkipped' in o && typeof o.framesSkipped === 'number' ? o.framesSkipped : 0;
    const key = `${o.camera}\u0000${o.session}`;
    if (o.atMs <= w.startMs) atStart.set(key, skipped);
    atEnd.set(key, skipped);
  }
  let total = 0;
  for (const [key, n] of atEnd) total += n - (atStart.get(key) ?? 0);
  return total;
}
