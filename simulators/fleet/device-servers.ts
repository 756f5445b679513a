import type { Camera } from '../camera/camera.ts';

/**
 * The network face of a process's cameras: RTSP, ONVIF (with snapshot) and WS-Discovery
 * servers. A fleet node adds each camera (its listeners follow the camera's power and
 * address from then on) and closes the set when it stops.
 */
export interface DeviceServers {
  addCamera(camera: Camera): Promise<void>;
  /** Called once every camera of the process is added (discovery opens its sockets then). */
  start?(): Promise<void>;
  close(): Promise<void>;
}
