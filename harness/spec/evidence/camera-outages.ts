import type { CameraStateObservation, Observation } from '../../../simulators/observations/observation.ts';
import type { FaultWindow } from './fault-windows.ts';
import { memoByObservations } from './memo.ts';

/** One camera inside one fault window, with when it was really back. */
export interface CameraOutage {
  camera: string;
  window: FaultWindow;
  fromMs: number;
  /** The fault's clear (or the run's end while still active). */
  toMs: number;
  /**
   * When the camera could serve again: its first 'up' state at or after the clear where it had
   * gone down (a power outage or reboot boots first), else the clear itself. Undefined when it
   * never came back within the run.
   */
  returnMs?: number;
}

/** Power-state changes per camera, in time order. */
const cameraStates = memoByObservations((observations): Map<string, CameraStateObservation[]> => {
  const byCamera = new Map<string, CameraStateObservation[]>();
  for (const o of observations) {
    if (o.kind !== 'camera.state') continue;
    const list = byCamera.get(o.camera);
    if (list === undefined) byCamera.set(o.camera, [o]);
    else list.push(o);
  }
  return byCamera;
});

function firstUpAfter(
  observations: readonly Observation[],
  camera: string,
  fromMs: number,
  afterMs: number,
): number | undefined {
  let wentDown = false;
  for (const o of cameraStates(observations).get(camera) ?? []) {
    if (o.atMs < fromMs) continue;
    if (o.state !== 'up') wentDown = true;
    else if (wentDown && o.atMs >= afterMs) return o.atMs;
  }
  return undefined;
}

/**
 * How much earlier than its fault's 'applied' a camera's own state change may be recorded: a
 * fleet in worker threads changes the cameras first and acknowledges after.
 */
const APPLY_LAG_MS = 2_000;

/** When the camera went down for a fault applied at `appliedMs`: its state change just before, if any. */
function wentDownAt(observations: readonly Observation[], camera: string, appliedMs: number): number {
  let downSince: number | undefined;
  for (const o of cameraStates(observations).get(camera) ?? []) {
    if (o.atMs > appliedMs) break;
    if (o.state === 'up') downSince = undefined;
    else downSince ??= o.atMs;
  }
  return downSince !== undefined && appliedMs - downSince <= APPLY_LAG_MS ? downSince : appliedMs;
}

/** Per camera, each of the windows it was in. */
export function cameraOutages(
  observations: readonly Observation[],
  windows: readonly FaultWindow[],
  endMs: number,
): CameraOutage[] {
  const out: CameraOutage[] = [];
  for (const w of windows) {
    const goesDown = w.mode === 'power' || w.fault === 'reboot';
    for (const camera of w.cameras) {
      const fromMs = goesDown ? wentDownAt(observations, camera, w.fromMs) : w.fromMs;
      const toMs = w.toMs ?? endMs;
      let returnMs: number | undefined;
      if (w.toMs !== undefined) {
        returnMs = goesDown
          ? firstUpAfter(observations, camera, fromMs, w.fault === 'reboot' ? fromMs : w.toMs)
          : w.toMs;
      } else if (w.fault === 'reboot') {
        returnMs = firstUpAfter(observations, camera, fromMs, fromMs);
      }
      out.push({ camera, window: w, fromMs, toMs, ...(returnMs !== undefined ? { returnMs } : {}) });
    }
  }
  return out;
}
