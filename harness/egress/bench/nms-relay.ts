import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../../simulators/clock/clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { readYamlFile } from '../../../simulators/config/yaml-document.ts';
import { declarativeAdapterSchema } from '../../hubs/declarative/declarative-adapter-schema.ts';
import { DeclarativeAdapter } from '../../hubs/declarative/declarative-adapter.ts';
import { freePort } from '../../hubs/process/free-port.ts';

const adapterFile = fileURLToPath(new URL('../../../scenarios/adapters/node-media-server.yaml', import.meta.url));

export interface NmsRelay {
  /** Each relayed camera's HTTP-FLV restream. */
  streams: { camera: string; url: string }[];
  stop(): Promise<void>;
}

/**
 * node-media-server relaying `cameras` (RTSP with credentials in the URL), started and
 * provisioned by the shipped example adapter file with its egress section left out: the bench
 * reads the restreams itself.
 */
export async function startNmsRelay(cameras: { camera: string; url: string }[]): Promise<NmsRelay> {
  const spec = await readYamlFile(adapterFile, declarativeAdapterSchema);
  const [httpPort, rtmpPort] = [await freePort(), await freePort()];
  const adapter = new DeclarativeAdapter(
    { ...spec, egress: undefined, vars: { ...spec.vars, httpPort, rtmpPort } },
    resolve(adapterFile, '..'),
  );
  const workDir = await mkdtemp(join(tmpdir(), 'camlab-bench-nms-'));
  const abort = new AbortController();
  const stop = async (): Promise<void> => {
    abort.abort();
    await adapter.close();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await adapter.open({
      instance: 'nms',
      log: new ObservationLog(10_000),
      clock: systemClock,
      workDir,
      signal: abort.signal,
    });
    await adapter.provision!(cameras.map((c) => inventoryEntry(c.camera, c.url)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    streams: cameras.map((c) => ({ camera: c.camera, url: `http://127.0.0.1:${httpPort}/live/${c.camera}.flv` })),
    stop,
  };
}

/** What the adapter's templates read of a camera: its id and its RTSP URL with credentials. */
function inventoryEntry(camera: string, url: string): InventoryCamera {
  const u = new URL(url);
  const username = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const plain = u.toString();
  return {
    id: camera,
    name: camera,
    site: 'bench',
    model: 'fixed-1080p',
    manufacturer: 'Camlab Optics',
    address: u.hostname,
    rtspPort: Number(u.port),
    onvifPort: 0,
    rtsp: { main: plain, sub: plain },
    onvif: '',
    snapshot: '',
    ptz: false,
    username,
    password,
    shard: 0,
  };
}
