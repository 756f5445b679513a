import type { HttpServer } from '../http/http-server.ts';
import type { Camera } from '../camera/camera.ts';
import type { StreamProfileSpec } from '../camera/camera-model.ts';
import type { Clock } from '../clock/clock.ts';
import { EventBroker } from '../events/event-broker.ts';
import { CAMERA_TOPIC_SOURCES } from '../events/device-topics.ts';
import type { PtzHead } from '../ptz/ptz-head.ts';

export type ProfileName = 'main' | 'sub';

/** What SetVideoEncoderConfiguration changed on a profile (the camera restreams the profile with it). */
export interface EncoderSettings {
  codec: StreamProfileSpec['codec'];
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  gopFrames: number;
  h264Profile: StreamProfileSpec['h264Profile'];
  quality: number;
  name: string;
}

export interface ImagingSettings {
  brightness: number;
  colorSaturation: number;
  contrast: number;
  sharpness: number;
  irCutFilter: 'ON' | 'OFF' | 'AUTO';
}

/** Settings a client changed; created on the first change so an untouched camera carries none. */
export interface DeviceSettings {
  hostname?: string;
  /** Configurable scopes (name, location and any added); undefined keeps the defaults. */
  scopes?: string[];
  /** Manual time set by SetSystemDateAndTime, as an offset from the simulator clock. */
  timeOffsetMs: number;
  dateTimeType: 'Manual' | 'NTP';
  encoders: Partial<Record<ProfileName, EncoderSettings>>;
  imaging?: ImagingSettings;
}

/** The ONVIF server's per-camera runtime: its listener, PTZ head and lazily made state. */
export class OnvifDevice {
  server: HttpServer | undefined;
  /** Address and port the listener is bound to, when listening. */
  boundAt: string | undefined;
  ptz: PtzHead | undefined;
  settings: DeviceSettings | undefined;
  private broker: EventBroker | undefined;
  detach: (() => void) | undefined;
  /** Listeners opened for one subscription each (subscription-manager-own-port quirk), by subscription id. */
  readonly subscriptionListeners = new Map<string, { server: HttpServer; base: string }>();

  constructor(
    readonly camera: Camera,
    private readonly clock: Clock,
  ) {}

  get events(): EventBroker {
    return (this.broker ??= new EventBroker(this.clock, CAMERA_TOPIC_SOURCES, this.camera.quirks));
  }

  get hasEvents(): boolean {
    return this.broker !== undefined;
  }

  mutableSettings(): DeviceSettings {
    return (this.settings ??= { timeOffsetMs: 0, dateTimeType: 'NTP', encoders: {} });
  }

  /** Device time: the run's clock, plus the model's skew and any clock-drift fault, plus any manual set. */
  deviceTimeMs(nowMs: number): number {
    return nowMs + this.camera.clockOffsetMs(nowMs) + (this.settings?.timeOffsetMs ?? 0);
  }

  encoder(profile: ProfileName): EncoderSettings | undefined {
    const changed = this.settings?.encoders[profile];
    if (changed !== undefined) return changed;
    const p = this.camera.profile(profile);
    if (p === undefined) return undefined;
    return {
      codec: p.codec,
      width: p.width,
      height: p.height,
      fps: p.fps,
      bitrateKbps: p.bitrateKbps,
      gopFrames: p.gopFrames,
      h264Profile: p.h264Profile,
      quality: 5,
      name: `${profile === 'main' ? 'MainStream' : 'SubStream'}`,
    };
  }

  profileNames(): ProfileName[] {
    return this.camera.model.profiles.map((p) => p.name);
  }

  hostname(): string {
    return this.settings?.hostname ?? this.camera.name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63);
  }

  dropEvents(): void {
    this.broker?.clear();
  }
}
