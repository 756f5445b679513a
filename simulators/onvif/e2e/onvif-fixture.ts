import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import type { Clock } from '../../clock/clock.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { OnvifServer } from '../onvif-server.ts';

/** The smallest valid JPEG (SOI + EOI): the snapshot endpoint's tests only need the bytes back. */
export const TINY_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
export const ADMIN = { username: 'admin', password: 'S3cret!pw', role: 'Administrator' as const };
export const VIEWER = { username: 'viewer', password: 'look-only', role: 'User' as const };

/** A stream URI as a player is given it with the administrator's credentials in it. */
export function withAdminCredentials(rtspUrl: string): string {
  return rtspUrl.replace('rtsp://', `rtsp://${ADMIN.username}:${encodeURIComponent(ADMIN.password)}@`);
}

export interface OnvifFixture {
  log: ObservationLog;
  server: OnvifServer;
  cameras: Camera[];
  close(): Promise<void>;
}

/** One camera per model id, on 127.12.<block>.<n> with OS-chosen ports, served by one OnvifServer. */
export async function startOnvifFixture(
  block: number,
  modelIds: readonly string[],
  clock?: Clock,
): Promise<OnvifFixture> {
  const log = new ObservationLog();
  const server = new OnvifServer({ log, ...(clock === undefined ? {} : { clock }), snapshot: async () => TINY_JPEG });
  const cameras = modelIds.map(
    (id, i) =>
      new Camera({
        id: `cam-${block}-${i + 1}`,
        name: `Test ${id} ${i + 1}`,
        site: 'milton-keynes',
        model: findBuiltinModel(id)!,
        network: { address: `127.12.${block}.${i + 1}`, rtspPort: 8554, onvifPort: 0 },
        users: [ADMIN, VIEWER],
      }),
  );
  for (const c of cameras) await server.addCamera(c);
  return {
    log,
    server,
    cameras,
    async close() {
      await server.close();
      for (const c of cameras) c.dispose();
    },
  };
}
