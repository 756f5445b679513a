import type { OnvifDevice } from '../onvif-device.ts';
import { PTZ_DEFAULT_TIMEOUT_MS } from './ptz-xml.ts';
import { deviceState } from './device-state.ts';

/** What PTZ SetConfiguration may change on the one PTZ configuration: its name and default ContinuousMove timeout. */
export interface PtzConfigState {
  name: string;
  defaultTimeoutMs: number;
}

/** The PTZTimeout range GetConfigurationOptions advertises. */
export const PTZ_TIMEOUT_RANGE_MS = { min: 1_000, max: 300_000 } as const;

const STATE = deviceState<PtzConfigState>(() => ({ name: 'PTZConfig', defaultTimeoutMs: PTZ_DEFAULT_TIMEOUT_MS }));

export function ptzConfig(device: OnvifDevice): PtzConfigState {
  return STATE.get(device);
}

export function resetPtzConfig(device: OnvifDevice): void {
  STATE.reset(device);
}
