import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../simulators/clock/virtual-clock.ts';
import type { InventoryCamera } from '../../../../simulators/fleet/inventory.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import { loadDeclarativeAdapter } from '../load-declarative-adapter.ts';
import { freePort } from '../../process/free-port.ts';
import { nmsInstalled } from '../../nms/nms-installed.ts';

const exampleFile = 'scenarios/adapters/node-media-server.yaml';

const available = nmsInstalled();
if (!available)
  console.log('skipping the node-media-server example adapter test: the node-media-server package is not installed');

function cameraAt(rtspPort: number): InventoryCamera {
  const base = `rtsp://127.15.40.1:${rtspPort}/Streaming/Channels`;
  return {
    id: 'mk-001',
    name: 'Milton Keynes 1',
    site: 'milton-keynes',
    model: 'fixed-1080p',
    manufacturer: 'camlab',
    address: '127.15.40.1',
    rtspPort,
    onvifPort: 80,
    rtsp: { main: `${base}/101`, sub: `${base}/102` },
    onvif: 'http://127.15.40.1/onvif/device_service',
    snapshot: 'http://127.15.40.1/snapshot.jpg',
    ptz: false,
    username: 'operator',
    password: 'p@ss word',
    shard: 0,
  };
}

describe.skipIf(!available)('the node-media-server example adapter file against the real NMS', () => {
  let workDir: string;
  // A camera that accepts the relay's connection and never answers: the relay stays up (not
  // refused and gone at once), yet NMS never gets a stream to publish.
  const silentCamera = createServer((socket) => sockets.add(socket.on('close', () => sockets.delete(socket))));
  const sockets = new Set<Socket>();
  let camera: InventoryCamera;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'camlab-nms-declarative-'));
    silentCamera.listen(0, '127.15.40.1');
    await once(silentCamera, 'listening');
    camera = cameraAt((silentCamera.address() as AddressInfo).port);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silentCamera.close(r));
    await rm(workDir, { recursive: true, force: true });
  });

  it('starts NMS, reads its version, provisions a relay, sees the stream missing, releases it, stops NMS', async () => {
    const httpPort = await freePort();
    const rtmpPort = await freePort();
    const adapter = (await loadDeclarativeAdapter(exampleFile, { vars: { httpPort, rtmpPort } }))();
    expect([...adapter.capabilities].sort()).toEqual(['alarms', 'egress', 'provision', 'start']);
    const log = new ObservationLog();
    const clock = new VirtualClock(10_000);
    await adapter.open({ instance: 'hub', log, clock, workDir, signal: new AbortController().signal });
    try {
      expect(await adapter.identity()).toEqual({ name: 'node-media-server', vendor: 'illuspas', version: '2.7.4' });
      await adapter.provision!([camera]);
      expect(log.ofKind('hub.provisioned')).toEqual([
        { kind: 'hub.provisioned', atMs: 10_000, hub: 'hub', camera: 'mk-001', profile: 'main' },
      ]);
      // The relay is listed under the camera's name, pulling the URL with the credentials in it.
      const relays = (await (
        await fetch(`http://127.0.0.1:${httpPort}/api/relay`, {
          headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
        })
      ).json()) as { live?: Record<string, { relays: { path: string }[] }> };
      expect(relays.live?.['mk-001']?.relays[0]?.path).toBe(
        `rtsp://operator:p%40ss%20word@127.15.40.1:${camera.rtspPort}/Streaming/Channels/101`,
      );
      // Nothing serves that camera, so NMS has no live stream for it: once the grace period
      // after provisioning is over, the poll raises offline.
      await adapter.collect!();
      expect(log.ofKind('hub.alarm')).toEqual([]);
      clock.advance(10_000);
      await adapter.collect!();
      expect(log.ofKind('hub.alarm').map((o) => [o.camera, o.alarm, o.state])).toEqual([
        ['mk-001', 'offline', 'raised'],
      ]);
      await adapter.release!([camera]);
      expect(log.ofKind('hub.released').map((o) => o.camera)).toEqual(['mk-001']);
    } finally {
      await adapter.close();
    }
    await expect(fetch(`http://127.0.0.1:${httpPort}/api/server`)).rejects.toThrow();
  });
});
