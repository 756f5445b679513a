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

function firstUpAfter(observations: readonly Observation[], camera: string, fromMs: number, afterMs: number): number | undefined {
  let wentDown = false;
  for (const o of cameraStates(observations).get(camera) ?? []) {
    if (o.atMs < fromMs) continue;
    if (o.state !== 'up') wentDown = true;
    else if (wentDown && o.atMs >= afterMs) return o.atMs;
  }
  return undefined;
}

/** Per camera, each of the windows it was in. */
export function cameraOutages(observations: readonly Observation[], windows: readonly FaultWindow[], endMs: number): CameraOutage[] {
  const out: CameraOutage[] = [];
  for (const w of windows) {
    for (const camera of w.cameras) {
      const toMs = w.toMs ?? endMs;
      let returnMs: number | undefined;
      if (w.toMs !== undefined) {
        const goesDown = w.mode === 'power' || w.fault === 'reboot';
        returnMs = goesDown ? firstUpAfter(observations, camera, w.fromMs, w.fault === 'reboot' ? w.fromMs : w.toMs) : w.toMs;
      } else if (w.fault === 'reboot') {
        returnMs = firstUpAfter(observations, camera, w.fromMs, w.fromMs);
      }
      out.push({ camera, window: w, fromMs: w.fromMs, toMs, ...(returnMs !== undefined ? { returnMs } : {}) });
    }
  }
  return out;
}
