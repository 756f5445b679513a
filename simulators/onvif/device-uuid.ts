import { createHash } from 'node:crypto';
import type { Camera } from '../camera/camera.ts';

/**
 * A stable name-based urn:uuid per camera (its id and first address, `Camera.endpointKey`):
 * GetEndpointReference and WS-Discovery agree on it across reboots and readdressing, and two
 * fleets on one host never announce the same one.
 */
export function deviceUuid(camera: Pick<Camera, 'endpointKey'>): string {
  const h = createHash('sha1').update(`camlab:${camera.endpointKey}`).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
