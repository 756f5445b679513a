import type { OnvifDevice } from '../onvif-device.ts';

/** State a service keeps per camera, made on first use and dropped by a factory reset. */
export interface DeviceState<T> {
  get(device: OnvifDevice): T;
  /** The state if a client ever touched it, without making it. */
  peek(device: OnvifDevice): T | undefined;
  reset(device: OnvifDevice): void;
}

export function deviceState<T>(create: (device: OnvifDevice) => T): DeviceState<T> {
  const states = new WeakMap<OnvifDevice, T>();
  return {
    get(device) {
      let s = states.get(device);
      if (s === undefined) {
        s = create(device);
        states.set(device, s);
      }
      return s;
    },
    peek: (device) => states.get(device),
    reset: (device) => void states.delete(device),
  };
}
