import type { Camera } from '../camera/camera.ts';
import type { Clock } from '../clock/clock.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import { DeviceRecordings } from './device-recordings.ts';

/** A site recorder as the fleet builds it: its device and what it records. */
export interface SiteRecorderSpec {
  device: Camera;
  channels: readonly Camera[];
  profile: 'main' | 'sub';
  capacityBytes: number;
  retentionMs?: number;
}

/**
 * Every recording device of a fleet process: each camera whose model has edge storage, and each
 * site recorder. A device's library is also on its Camera (`camera.recordings`), where its ONVIF
 * and RTSP servers find it.
 */
export class FleetRecordings {
  private readonly byDevice = new Map<string, DeviceRecordings>();
  private closed = false;

  constructor(opts: {
    clock: Clock;
    log?: ObservationLog;
    cameras: readonly Camera[];
    recorders: readonly SiteRecorderSpec[];
  }) {
    const log = opts.log === undefined ? {} : { log: opts.log };
    for (const camera of opts.cameras) {
      const edge = camera.model.edgeStorage;
      if (edge === undefined) continue;
      this.attach(
        new DeviceRecordings({
          deviceId: camera.id,
          storage: 'edge',
          device: camera,
          channels: [camera],
          profile: edge.profile,
          capacityBytes: edge.capacity,
          ...(edge.retention === undefined ? {} : { retentionMs: edge.retention }),
          clock: opts.clock,
          ...log,
        }),
      );
    }
    for (const r of opts.recorders) {
      this.attach(
        new DeviceRecordings({
          deviceId: r.device.id,
          storage: 'recorder',
          device: r.device,
          channels: r.channels,
          profile: r.profile,
          capacityBytes: r.capacityBytes,
          ...(r.retentionMs === undefined ? {} : { retentionMs: r.retentionMs }),
          clock: opts.clock,
          ...log,
        }),
      );
    }
  }

  private attach(library: DeviceRecordings): void {
    this.byDevice.set(library.deviceId, library);
    library.device.recordings = library;
  }

  /** The recordings of a device: a site recorder's id, or a camera's id for its edge storage. */
  library(deviceId: string): DeviceRecordings | undefined {
    return this.byDevice.get(deviceId);
  }

  /** Every recording device, edge storage first (in camera order), then site recorders. */
  libraries(): DeviceRecordings[] {
    return [...this.byDevice.values()];
  }

  /** Records what each device holds of every camera (`recorder.tracks`), as of now. */
  report(log: ObservationLog): void {
    for (const library of this.byDevice.values()) log.record(library.observation());
  }

  /** Ends every span now and stops following the cameras. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const library of this.byDevice.values()) library.close();
  }
}
