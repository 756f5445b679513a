import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import type { Clock } from '../../clock/clock.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { RtspServer } from '../../rtsp/rtsp-server.ts';
import { StreamLibrary } from '../../rtsp/stream-library.ts';
import { OnvifServer } from '../onvif-server.ts';
import { ADMIN, TINY_JPEG } from './onvif-fixture.ts';
import { SpecClient } from './testspec-client.ts';

/**
 * One PTZ dome served over ONVIF and RTSP with its real clips (generated once, then from the clip
 * cache), for the streaming cases. `rtspClock` drives the RTSP side (frames, timeouts) where a
 * test wants to step it; ONVIF keeps wall time, which the clients' UsernameToken needs.
 */
export class StreamingFixture {
  readonly log = new ObservationLog();
  readonly streams: StreamLibrary;
  readonly rtsp: RtspServer;
  readonly onvif = new OnvifServer({ log: this.log, snapshot: async () => TINY_JPEG });
  readonly camera: Camera;
  readonly dut: SpecClient;

  constructor(id: string, address: string, rtspClock?: Clock) {
    this.streams = new StreamLibrary(rtspClock === undefined ? {} : { clock: rtspClock });
    this.rtsp = new RtspServer({
      log: this.log,
      streams: this.streams,
      ...(rtspClock === undefined ? {} : { clock: rtspClock }),
    });
    this.camera = new Camera({
      id,
      name: id.toUpperCase(),
      site: 'slough',
      model: findBuiltinModel('ptz-dome')!,
      network: { address, rtspPort: 0, onvifPort: 0 },
      users: [ADMIN],
    });
    this.dut = new SpecClient(this.camera);
  }

  async start(): Promise<void> {
    await this.streams.preload([this.camera.model]);
    await this.rtsp.addCamera(this.camera);
    await this.onvif.addCamera(this.camera);
  }

  async close(): Promise<void> {
    await this.onvif.close();
    await this.rtsp.close();
    this.streams.close();
    this.camera.dispose();
  }
}
