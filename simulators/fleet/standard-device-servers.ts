import type { Camera } from '../camera/camera.ts';
import type { CameraModel } from '../camera/camera-model.ts';
import type { Clock } from '../clock/clock.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import { DiscoveryService } from '../discovery/discovery-service.ts';
import { OnvifServer } from '../onvif/onvif-server.ts';
import { type ProfileGDevice, serveProfileG } from '../onvif/services/profile-g.ts';
import { recordingControlObservation } from '../recording/recording-control-observation.ts';
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
  /** The fleet's seed (WS-Discovery reply delays repeat run to run). */
  seed?: number;
}

/** One RTSP server, one ONVIF server (with snapshots) and one discovery service for all cameras of a process. */
class StandardDeviceServers implements DeviceServers {
  private readonly cameras = new Map<string, Camera>();
  private closing: Promise<void> | undefined;

  private readonly discovery: DiscoveryService | undefined;
  /** Profile G on each device that records (edge storage, site recorders). */
  private readonly profileG: ProfileGDevice[] = [];

  constructor(
    private readonly streams: StreamLibrary,
    private readonly rtsp: RtspServer,
    private readonly onvif: OnvifServer,
    private readonly ctx: DeviceServersContext,
  ) {
    this.discovery = ctx.discovery
      ? new DiscoveryService({
          log: ctx.log,
          clock: ctx.clock,
          interfaceAddress: ctx.interfaceAddress,
          ...(ctx.seed === undefined ? {} : { seed: ctx.seed }),
          cameras: () => this.cameras.values(),
          scopes: (c) => this.onvif.scopes(c),
        })
      : undefined;
  }

  async addCamera(camera: Camera): Promise<void> {
    this.cameras.set(camera.id, camera);
    const recordings = camera.recordings;
    if (recordings !== undefined) {
      const log = this.ctx.log;
      this.profileG.push(
        serveProfileG(camera, {
          catalog: recordings.catalog,
          clock: this.ctx.clock,
          events: this.onvif,
          onClientChange: (change) => log.record(recordingControlObservation(recordings, change)),
        }),
      );
    }
    await Promise.all([this.rtsp.addCamera(camera), this.onvif.addCamera(camera)]);
    this.discovery?.watch(camera);
  }

  /** Discovery starts once the cameras are added, so its per-address sockets open in one go. */
  async start(): Promise<void> {
    await this.discovery?.start();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const g of this.profileG) g.close();
      await Promise.all([this.discovery?.close(), this.rtsp.close(), this.onvif.close()]);
      this.streams.close();
    })();
    return this.closing;
  }
}

export async function startStandardServers(ctx: DeviceServersContext): Promise<DeviceServers> {
  const streams = new StreamLibrary({ clock: ctx.clock });
  await streams.preload(ctx.models);
  const rtsp = new RtspServer({ log: ctx.log, clock: ctx.clock, streams });
  const onvif = new OnvifServer({
    log: ctx.log,
    clock: ctx.clock,
    snapshot: async (camera, profile) => {
      const spec = camera.profile(profile) ?? camera.model.profiles[0]!;
      return (await streams.streamFor(spec)).clip.snapshotJpeg;
    },
  });
  return new StandardDeviceServers(streams, rtsp, onvif, ctx);
}
