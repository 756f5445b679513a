import type { Observation } from '../../../simulators/observations/observation.ts';
import { faultWindows, type FaultWindow } from './fault-windows.ts';

/**
 * Timed quirks that make a camera's RTP timestamps jump in a live session: rtp-discontinuity
 * (a jump when it starts) and rtp-timestamp-wrap (the 32-bit clock wraps soon after each SETUP).
 */
export const timestampJumpQuirks: readonly string[] = ['rtp-discontinuity', 'rtp-timestamp-wrap'];

/** The windows of the run's timed quirks that jump a camera's RTP timestamps. */
export function timestampJumpWindows(observations: readonly Observation[]): FaultWindow[] {
  return faultWindows(observations).filter(
    (w) => w.fault === 'quirk' && timestampJumpQuirks.includes(String(w.params['quirk'])),
  );
}
