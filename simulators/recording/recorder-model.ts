import type { CameraModel } from '../camera/camera-model.ts';

/**
 * The site recorder's device personality: what GetDeviceInformation names. It has no encoder of
 * its own (no profiles): what it streams is replay of what it recorded.
 */
export const siteRecorderModel: CameraModel = {
  id: 'camlab-nvr',
  manufacturer: 'Camlab Storage',
  model: 'CL-NVR32',
  firmware: '3.2.0',
  hardwareId: 'CLN-32-R1',
  profiles: [],
  auth: { rtspBasic: false, onvifPasswordText: false, onvifNone: false, rtspNone: false },
  // An NVR checks its disks before it serves: longer than a camera's boot.
  bootTimeMs: 20_000,
  media2: false,
  rtspPath: '/stream/{profile}',
  snapshotPath: '/snapshot.jpg',
  quirks: {},
};
