import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Camera } from '../../../../simulators/camera/camera.ts';
import { builtinCameraModels, type CameraModel } from '../../../../simulators/camera/camera-model.ts';
import { onvifUrl, rtspUrl, snapshotUrl } from '../../../../simulators/camera/uris.ts';
import type { InventoryCamera } from '../../../../simulators/fleet/inventory.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import { RtspServer } from '../../../../simulators/rtsp/rtsp-server.ts';
import { StreamLibrary } from '../../../../simulators/rtsp/stream-library.ts';

/**
 * A small real camera for hub e2e tests: the fixed-1080p personality at a tiny picture size (so
 * clip generation and the hubs' decoding stay cheap) and a short boot.
 */
export const labModel: CameraModel = {
  ...builtinCameraModels[0]!,
  id: 'lab-small',
  profiles: [
    {
      name: 'main',
      codec: 'h264',
      width: 320,
      height: 240,
      fps: 25,
      bitrateKbps: 300,
      gopFrames: 25,
      h264Profile: 'baseline',
      bFrames: false,
    },
    {
      name: 'sub',
      codec: 'h264',
      width: 160,
      height: 120,
      fps: 25,
      bitrateKbps: 100,
      gopFrames: 25,
      h264Profile: 'baseline',
      bFrames: false,
    },
  ],
  bootTimeMs: 200,
};

export function labCamera(id: string, address: string): Camera {
  return new Camera({
    id,
    name: id,
    site: 'lab',
    model: labModel,
    network: { address, rtspPort: 0, onvifPort: 0 },
    users: [{ username: 'hub', password: 'hub-secret', role: 'Operator' }],
  });
}

/** The inventory entry of a camera once its listeners are up (ports resolved). */
export function inventoryOf(camera: Camera): InventoryCamera {
  return {
    id: camera.id,
    name: camera.name,
    site: camera.site,
    model: camera.model.id,
    manufacturer: camera.model.manufacturer,
    address: camera.network.address,
    rtspPort: camera.network.rtspPort,
    onvifPort: camera.network.onvifPort,
    rtsp: { main: rtspUrl(camera, 'main'), sub: rtspUrl(camera, 'sub') },
    onvif: onvifUrl(camera),
    snapshot: snapshotUrl(camera),
    ptz: camera.hasPtz,
    username: 'hub',
    password: 'hub-secret',
    shard: 0,
  };
}

/** One lab camera streaming over RTSP, its observation log and a scratch folder for a hub. */
export interface LabRig {
  log: ObservationLog;
  server: RtspServer;
  camera: Camera;
  workDir: string;
  close(): Promise<void>;
}

export async function startLabRig(id: string, address: string): Promise<LabRig> {
  const log = new ObservationLog();
  const streams = new StreamLibrary();
  const server = new RtspServer({ log, streams });
  const camera = labCamera(id, address);
  await server.addCamera(camera);
  const workDir = await mkdtemp(join(tmpdir(), `camlab-${id}-`));
  return {
    log,
    server,
    camera,
    workDir,
    async close() {
      await server.close();
      streams.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
