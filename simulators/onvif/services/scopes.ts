import type { Camera } from '../../camera/camera.ts';

const SCOPE_BASE = 'onvif://www.onvif.org';

function scopeSegment(value: string): string {
  return encodeURIComponent(value.replace(/\s+/g, '_'));
}

/** Scopes the device fixes (type, profiles, hardware): clients cannot change these. */
export function fixedScopes(camera: Camera): string[] {
  // ONVIF Core 7.3.2.2 type scope of a storage device; a device that records serves Profile G (fleet servers call serveProfileG for it).
  if (camera.role === 'recorder')
    return [
      `${SCOPE_BASE}/type/Network_Video_Storage`,
      `${SCOPE_BASE}/Profile/G`,
      `${SCOPE_BASE}/hardware/${scopeSegment(camera.model.model)}`,
    ];
  const scopes = [
    `${SCOPE_BASE}/type/video_encoder`,
    `${SCOPE_BASE}/type/Network_Video_Transmitter`,
    `${SCOPE_BASE}/Profile/Streaming`,
  ];
  if (camera.model.media2) scopes.push(`${SCOPE_BASE}/Profile/T`);
  if (camera.recordings !== undefined) scopes.push(`${SCOPE_BASE}/Profile/G`);
  if (camera.hasPtz) scopes.push(`${SCOPE_BASE}/type/ptz`);
  scopes.push(`${SCOPE_BASE}/hardware/${scopeSegment(camera.model.model)}`);
  return scopes;
}

/** Scopes a client may set (name and location by default). */
export function defaultConfigurableScopes(camera: Camera): string[] {
  return [`${SCOPE_BASE}/name/${scopeSegment(camera.name)}`, `${SCOPE_BASE}/location/${scopeSegment(camera.location)}`];
}

export function allScopes(camera: Camera, configurable?: readonly string[]): string[] {
  return [...fixedScopes(camera), ...(configurable ?? defaultConfigurableScopes(camera))];
}
