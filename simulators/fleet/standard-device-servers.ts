import type { Camera } from '../camera/camera.ts';
import type { CameraModel } from '../camera/camera-model.ts';
import type { Clock } from '../clock/clock.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import { RtspServer } from '../rtsp/rtsp-server.ts';
import { StreamLibrary } from '../rtsp/stream-library.ts';
import type { DeviceServers } from './device-servers.ts';

export interface DeviceServersContext {
  log: ObservationLog;
  clock: Clock;
  /** Models of the cameras this process serves: their clips load before any listener opens. */
  models: readonly CameraModel[];
  discovery: boolean;
  /** The interface WS-Discovery joins multicast on (127.0.0.1 for loopback fleets). */
  interfaceAddress: string;
}

/** One RTSP server, one ONVIF server and one discovery service for all cameras of a process. */
class StandardDeviceServers implements DeviceServers {
  private closing: Promise<void> | undefined;

  constructor(
    private readonly streams: StreamLibrary,
    private readonly rtsp: RtspServer,
  ) {}

  async addCamera(camera: Camera): Promise<void> {
    await this.rtsp.addCamera(camera);
  }

  async removeCamera(cameraId: string): Promise<void> {
    await this.rtsp.removeCamera(cameraId);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.rtsp.close();
      this.streams.close();
    })();
    return this.closing;
  }
}

export async function startStandardServers(ctx: DeviceServersContext): Promise<DeviceServers> {
  const streams = new StreamLibrary({ clock: ctx.clock });
  await streams.preload(ctx.models);
  const rtsp = new RtspServer({ log: ctx.log, clock: ctx.clock, streams });
  return new StandardDeviceServers(streams, rtsp);
}
