import { Cam } from 'onvif';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';

/**
 * The ONVIF way to learn a camera's stream: connect to its device service with the `onvif`
 * client (digest auth), read its media profiles and ask GetStreamUri for RTSP over TCP. The
 * first profile is the main stream, the second the sub stream, as cameras list them.
 */
export async function resolveStreamUri(
  camera: InventoryCamera,
  username: string,
  password: string,
  profile: 'main' | 'sub',
  timeoutMs = 10_000,
): Promise<string> {
  const device = new URL(camera.onvif);
  const cam = await new Promise<Cam>((resolve, reject) => {
    const c: Cam = new Cam(
      {
        hostname: device.hostname,
        port: Number(device.port || 80),
        path: device.pathname,
        username,
        password,
        timeout: timeoutMs,
        preserveAddress: true,
      },
      (err) =>
        err ? reject(new Error(`ONVIF connect to ${camera.id} at ${camera.onvif}: ${err.message}`)) : resolve(c),
    );
  });
  // The onvif client keeps each profile's token as the XML attribute ($.token) it parsed.
  const tokens = (cam.profiles ?? [])
    .map((p) => (p.token as string | undefined) ?? (p.$ as { token?: string } | undefined)?.token)
    .filter((t) => t !== undefined);
  const token = tokens[profile === 'main' ? 0 : 1] ?? tokens[0];
  if (token === undefined) throw new Error(`ONVIF camera ${camera.id} has no media profile`);
  return new Promise<string>((resolve, reject) => {
    cam.getStreamUri({ protocol: 'RTSP', profileToken: token }, (err, stream) => {
      if (err) reject(new Error(`ONVIF GetStreamUri on ${camera.id}: ${err.message}`));
      else if (stream?.uri === undefined) reject(new Error(`ONVIF GetStreamUri on ${camera.id} returned no URI`));
      else resolve(stream.uri);
    });
  });
}
