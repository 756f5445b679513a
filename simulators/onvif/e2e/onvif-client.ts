import { createRequire } from 'node:module';
import type { Camera } from '../../camera/camera.ts';

const require = createRequire(import.meta.url);
// The onvif package is CommonJS with callback APIs; tests drive it through this thin promise layer.
const onvif = require('onvif') as {
  Cam: new (opts: Record<string, unknown>, cb?: (err: Error | null) => void) => OnvifCam;
  Discovery: OnvifDiscovery;
};

export interface OnvifCam {
  media2Support?: boolean;
  profiles: Array<{ $: { token: string }; name: string }>;
  [method: string]: unknown;
}

export interface OnvifDiscovery {
  probe(opts: Record<string, unknown>, cb: (err: unknown, found: unknown[]) => void): void;
  on(event: 'device' | 'error', fn: (...args: unknown[]) => void): void;
  removeListener(event: string, fn: (...args: unknown[]) => void): void;
}

export const Discovery = onvif.Discovery;

/** Connects the real onvif client to a camera (GetSystemDateAndTime, GetServices or GetCapabilities, profiles). */
export function connectCam(
  camera: Camera,
  username: string,
  password: string,
  useWSSecurity: boolean,
): Promise<OnvifCam> {
  return new Promise((resolve, reject) => {
    const cam: OnvifCam = new onvif.Cam(
      {
        hostname: camera.network.address,
        port: camera.network.onvifPort,
        username,
        password,
        useWSSecurity,
        timeout: 10_000,
      },
      (err) => (err ? reject(err) : resolve(cam)),
    );
  });
}

/** Calls a callback-style Cam method and resolves with its data argument. */
export function call<T = unknown>(cam: OnvifCam, method: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const fn = cam[method] as (...a: unknown[]) => void;
    fn.call(cam, ...args, (err: Error | null, data: T) => (err ? reject(err) : resolve(data)));
  });
}
