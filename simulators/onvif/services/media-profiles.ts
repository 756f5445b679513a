import type { OnvifDevice, ProfileName } from '../onvif-device.ts';
import { type Operation, op } from '../onvif-service.ts';
import { faults } from '../../wire/soap-fault.ts';
import { textAt } from '../../wire/xml-element.ts';
import { profileToken } from './tokens.ts';
import { deviceState } from './device-state.ts';

/**
 * A media profile binds configurations together (ONVIF Media §5.2, Media2 §5.2). The camera has
 * one video source configuration, one encoder configuration per stream the model declares and,
 * on a PTZ dome, one PTZ configuration; profiles only choose among them, so a profile a client
 * creates streams exactly what its encoder configuration's stream delivers.
 */
export interface MediaProfile {
  token: string;
  name: string;
  /** The model's own profiles cannot be deleted. */
  fixed: boolean;
  videoSource: boolean;
  /** The encoder configuration in use, named by the stream it drives. */
  encoder: ProfileName | undefined;
  ptz: boolean;
  /** The one video analytics configuration (the motion rule's); it analyses the profile's video source. */
  analytics: boolean;
  /** The one metadata configuration; it selects no content, so it needs no video source. */
  metadata: boolean;
}

/** A configuration a profile may hold. */
export type ProfileConfiguration = 'videoSource' | 'encoder' | 'ptz' | 'analytics' | 'metadata';

/**
 * Takes one configuration out of a profile, for Media and Media2 alike. Removing the video source
 * also removes what depends on it (Media §5.3.9: encoder, analytics and PTZ need a source;
 * metadata does not).
 */
export function removeConfiguration(p: MediaProfile, what: ProfileConfiguration): void {
  if (what === 'videoSource' || what === 'encoder') p.encoder = undefined;
  if (what === 'videoSource' || what === 'ptz') p.ptz = false;
  if (what === 'videoSource' || what === 'analytics') p.analytics = false;
  if (what === 'videoSource') p.videoSource = false;
  if (what === 'metadata') p.metadata = false;
}

/** MaximumNumberOfProfiles in the Media and Media2 service capabilities. */
export const MAX_MEDIA_PROFILES = 8;
const MAX_NAME_CHARS = 64;

export class MediaProfileTable {
  readonly profiles: MediaProfile[];
  /** Whether anything changed since the model's defaults (GetProfiles caches only the defaults). */
  changed = false;
  /** SetVideoSourceConfiguration may rename the one video source configuration. */
  videoSourceName = 'VideoSourceConfig';
  /** SetMetadataConfiguration may rename the one metadata configuration. */
  metadataName = 'Metadata';
  private nextId = 1;

  constructor(device: OnvifDevice) {
    this.profiles = device.profileNames().map((p) => ({
      token: profileToken(p),
      name: p === 'main' ? 'MainStream' : 'SubStream',
      fixed: true,
      videoSource: true,
      encoder: p,
      ptz: device.camera.hasPtz,
      analytics: false,
      metadata: false,
    }));
  }

  find(token: string | undefined): MediaProfile | undefined {
    return this.profiles.find((p) => p.token === token);
  }

  get(token: string | undefined): MediaProfile {
    const p = this.find(token);
    if (p === undefined) throw faults.invalidArgVal('NoProfile', `no profile with token '${token ?? ''}'`);
    return p;
  }

  create(name: string | undefined, token: string | undefined): MediaProfile {
    if (name === undefined || name === '' || name.length > MAX_NAME_CHARS)
      throw faults.invalidArgs(`profile Name must be 1 to ${MAX_NAME_CHARS} characters`);
    if (token !== undefined && this.find(token) !== undefined)
      throw faults.invalidArgVal('ProfileExists', `a profile with token '${token}' exists`);
    if (token !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(token))
      throw faults.invalidArgs(`token '${token}' is not a valid ReferenceToken`);
    if (this.profiles.length >= MAX_MEDIA_PROFILES)
      throw faults.action('MaxNVTProfiles', `at most ${MAX_MEDIA_PROFILES} profiles`);
    let t = token;
    while (t === undefined || this.find(t) !== undefined) t = `Profile_${this.nextId++}`;
    const p: MediaProfile = {
      token: t,
      name,
      fixed: false,
      videoSource: false,
      encoder: undefined,
      ptz: false,
      analytics: false,
      metadata: false,
    };
    this.profiles.push(p);
    this.changed = true;
    return p;
  }

  delete(token: string | undefined): void {
    const p = this.get(token);
    if (p.fixed) throw faults.action('DeletionOfFixedProfile', `profile '${p.token}' is fixed`);
    this.profiles.splice(this.profiles.indexOf(p), 1);
    this.changed = true;
  }

  /** A change to a profile's configurations. */
  touch(): void {
    this.changed = true;
  }

  videoSourceUseCount(): number {
    return this.profiles.filter((p) => p.videoSource).length;
  }

  encoderUseCount(stream: ProfileName): number {
    return this.profiles.filter((p) => p.encoder === stream).length;
  }

  ptzUseCount(): number {
    return this.profiles.filter((p) => p.ptz).length;
  }

  analyticsUseCount(): number {
    return this.profiles.filter((p) => p.analytics).length;
  }

  metadataUseCount(): number {
    return this.profiles.filter((p) => p.metadata).length;
  }
}

const TABLES = deviceState((device) => new MediaProfileTable(device));

export function mediaProfiles(device: OnvifDevice): MediaProfileTable {
  return TABLES.get(device);
}

/** Whether the profiles are still the model's own (nothing created, deleted or rebound). */
export function mediaProfilesUnchanged(device: OnvifDevice): boolean {
  return TABLES.peek(device)?.changed !== true;
}

export function resetMediaProfiles(device: OnvifDevice): void {
  TABLES.reset(device);
}

/** DeleteProfile as Media (trt, ProfileToken) and Media2 (tr2, Token) both take it. */
export function deleteProfileOp(prefix: 'trt' | 'tr2', tokenField: 'ProfileToken' | 'Token'): Operation {
  return op('WRITE_SYSTEM', (ctx) => {
    mediaProfiles(ctx.device).delete(textAt(ctx.req.body, tokenField));
    return `<${prefix}:DeleteProfileResponse/>`;
  });
}

/** The stream a profile delivers; a profile without an encoder cannot stream (Media §5.2.1). */
export function streamOf(profile: MediaProfile): ProfileName {
  if (profile.encoder === undefined || !profile.videoSource) {
    throw faults.action(
      'IncompleteConfiguration',
      `profile '${profile.token}' needs a video source and a video encoder configuration to stream`,
    );
  }
  return profile.encoder;
}
