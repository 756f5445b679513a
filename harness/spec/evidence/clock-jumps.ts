import type { Observation } from '../../../simulators/observations/observation.ts';
import { faultWindows } from './fault-windows.ts';

/** One moment a camera's clock stepped away from true time (or back), and what stepped it. */
export interface ClockJump {
  camera: string;
  atMs: number;
  cause: string;
}

/** Quirks a scenario switches on as a timed fault that step the device clock when they start and end. */
const steppingQuirks: readonly string[] = ['clock-skew'];

/**
 * Every clock step the run injected, per camera, in time order: a `clock-drift` fault with an
 * offset and a timed `clock-skew` quirk step the clock when applied and again when cleared; a
 * timed `clock-reset-on-boot` quirk resets it at each boot inside its window (dated from
 * when the camera went down, counted once it is `up` again) and steps it back when cleared after a reset. Model quirks leave no observation and are not seen.
 */
export function clockJumps(observations: readonly Observation[], endMs: number): ClockJump[] {
  const jumps: ClockJump[] = [];
  for (const w of faultWindows(observations)) {
    const quirk = w.fault === 'quirk' ? w.params['quirk'] : undefined;
    const steps =
      (w.fault === 'clock-drift' && typeof w.params['offset'] !== 'undefined' && w.params['offset'] !== 0) ||
      (typeof quirk === 'string' && steppingQuirks.includes(quirk));
    if (steps) {
      const cause = w.fault === 'quirk' ? `quirk ${String(quirk)}` : w.fault;
      for (const camera of w.cameras) {
        jumps.push({ camera, atMs: w.fromMs, cause: `${cause} applied` });
        if (w.toMs !== undefined) jumps.push({ camera, atMs: w.toMs, cause: `${cause} cleared` });
      }
    }
    if (quirk !== 'clock-reset-on-boot') continue;
    const toMs = w.toMs ?? endMs;
    for (const camera of w.cameras) {
      let downAtMs: number | undefined;
      let reset = false;
      for (const o of observations) {
        if (o.kind !== 'camera.state' || o.camera !== camera || o.atMs < w.fromMs || o.atMs > toMs) continue;
        if (o.state !== 'up') downAtMs ??= o.atMs;
        else if (downAtMs !== undefined) {
          // Dated from the moment it went down: whatever it answers after that, it answers with the reset clock.
          jumps.push({ camera, atMs: downAtMs, cause: 'clock reset at boot (quirk clock-reset-on-boot)' });
          downAtMs = undefined;
          reset = true;
        }
      }
      // Switched off, the quirk's offset goes: the clock steps back to true time.
      if (reset && w.toMs !== undefined)
        jumps.push({ camera, atMs: w.toMs, cause: 'quirk clock-reset-on-boot cleared' });
    }
  }
  return jumps.sort((a, b) => a.atMs - b.atMs);
}
