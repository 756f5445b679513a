import type { CameraAddressing } from './camera-addressing.ts';
import { streamUriQueryOf } from '../quirks/kinds/stream-uri-query.ts';

/** ONVIF service paths every emulated camera serves (the usual ones real devices use). */
export const onvifServicePaths = {
  device: '/onvif/device_service',
  media: '/onvif/media_service',
  media2: '/onvif/media2_service',
  ptz: '/onvif/ptz_service',
  events: '/onvif/events_service',
  imaging: '/onvif/imaging_service',
  deviceio: '/onvif/deviceio_service',
  recording: '/onvif/recording_service',
  search: '/onvif/search_service',
  replay: '/onvif/replay_service',
} as const;
export type OnvifServiceName = keyof typeof onvifServicePaths;

function hostPort(address: string, port: number, defaultPort: number): string {
  return port === defaultPort ? address : `${address}:${port}`;
}

/** The RTSP path of a profile under the model's URI layout ({profile} = main|sub, {channel} = 101|102). */
export function rtspPath(camera: CameraAddressing, profile: 'main' | 'sub'): string {
  const channel = profile === 'main' ? '101' : '102';
  return camera.model.rtspPath.replaceAll('{profile}', profile).replaceAll('{channel}', channel);
}

export function rtspUrl(camera: CameraAddressing, profile: 'main' | 'sub', withQuirks = true): string {
  const { address, rtspPort } = camera.network;
  const query = withQuirks ? streamUriQueryOf(camera.model.quirks) : '';
  return `rtsp://${hostPort(address, rtspPort, 554)}${rtspPath(camera, profile)}${query}`;
}

export function onvifUrl(camera: CameraAddressing, service: OnvifServiceName = 'device'): string {
  const { address, onvifPort } = camera.network;
  return `http://${hostPort(address, onvifPort, 80)}${onvifServicePaths[service]}`;
}

export function snapshotUrl(camera: CameraAddressing, profile: 'main' | 'sub' = 'main'): string {
  const { address, onvifPort } = camera.network;
  const channel = profile === 'main' ? '101' : '102';
  const path = camera.model.snapshotPath.replaceAll('{profile}', profile).replaceAll('{channel}', channel);
  return `http://${hostPort(address, onvifPort, 80)}${path}`;
}
