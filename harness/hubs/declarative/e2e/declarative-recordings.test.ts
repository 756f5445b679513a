import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../simulators/clock/clock.ts';
import type { InventoryCamera } from '../../../../simulators/fleet/inventory.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import { loadDeclarativeAdapter } from '../load-declarative-adapter.ts';

function camera(id: string): InventoryCamera {
  return {
    id,
    name: `Camera ${id}`,
    site: 'slough',
    model: 'fixed-1080p',
    manufacturer: 'camlab',
    address: '127.20.1.1',
    rtspPort: 554,
    onvifPort: 80,
    rtsp: { main: `rtsp://127.20.1.1/${id}/main`, sub: `rtsp://127.20.1.1/${id}/sub` },
    onvif: 'http://127.20.1.1/onvif/device_service',
    snapshot: 'http://127.20.1.1/snapshot.jpg',
    ptz: false,
    username: 'admin',
    password: 'secret',
    shard: 0,
  };
}

const t0 = Date.UTC(2026, 11, 6, 7, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The recordings section against a small REST hub behind Basic auth: one listing call, each
 * recording's camera (by name), start and end read by JSON paths, and its download URL fetched
 * with the listing's credentials. A recording that does not download is not counted.
 */
describe('declarative adapter recordings against a tiny REST hub', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const downloads: { path: string; authorization: string | undefined }[] = [];

  beforeEach(async () => {
    downloads.length = 0;
    dir = await mkdtemp(join(tmpdir(), 'camlab-declarative-recordings-'));
    const app = express();
    app.use((req, res, next) =>
      req.headers.authorization === `Basic ${Buffer.from('op:pw').toString('base64')}`
        ? next()
        : void res.status(401).end(),
    );
    app.post('/cameras', (_req, res) => void res.status(201).end());
    app.get(
      '/api/recordings',
      (_req, res) =>
        void res.json({
          total: 3,
          items: [
            { source: 'Camera c1', from: iso(t0), to: iso(t0 + 60_000), file: '/media/c1-1.mp4' },
            { source: 'Camera c1', from: iso(t0 + 90_000), to: iso(t0 + 120_000), file: '/media/c1-2.mp4' },
            { source: 'Camera c2', from: iso(t0), to: iso(t0 + 30_000), file: '/media/missing.mp4' },
          ],
        }),
    );
    app.get('/media/:file', (req, res) => {
      downloads.push({ path: req.path, authorization: req.headers.authorization });
      if (req.params.file === 'missing.mp4') return void res.status(404).end();
      res.type('video/mp4').send(Buffer.alloc(64 * 1024, 1));
    });
    server = app.listen(0, '127.15.0.2');
    await once(server, 'listening');
    base = `http://127.15.0.2:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('lists recordings, maps them to cameras, and counts only the ones that download', async () => {
    const file = join(dir, 'rest-hub.yaml');
    await writeFile(
      file,
      `name: rest-hub
identity: { name: REST hub }
vars: { base: "${base}" }
provision:
  request: { method: POST, url: "{{vars.base}}/cameras", basicAuth: { username: op, password: pw }, json: { id: "{{camera.id}}" } }
recordings:
  request: { url: "{{vars.base}}/api/recordings", basicAuth: { username: op, password: pw } }
  items: $.items
  camera: $.source
  cameraBy: name
  start: $.from
  end: $.to
  download: $.file
`,
    );
    const adapter = (await loadDeclarativeAdapter(file))();
    expect([...adapter.capabilities].sort()).toEqual(['provision', 'recordings']);
    const log = new ObservationLog();
    await adapter.open({
      instance: 'hub',
      log,
      clock: systemClock,
      workDir: dir,
      signal: new AbortController().signal,
    });
    try {
      await adapter.provision!([camera('c1'), camera('c2')]);
      await adapter.collect!();
    } finally {
      await adapter.close();
    }
    expect(log.ofKind('hub.recording').map((r) => [r.camera, r.startMs, r.endMs])).toEqual([
      ['c1', t0, t0 + 60_000],
      ['c1', t0 + 90_000, t0 + 120_000],
    ]);
    // Each download was asked for with the listing's credentials, relative to the listing's URL.
    expect(downloads.map((d) => d.path).sort()).toEqual(['/media/c1-1.mp4', '/media/c1-2.mp4', '/media/missing.mp4']);
    expect(downloads.every((d) => d.authorization?.startsWith('Basic '))).toBe(true);
    expect(log.ofKind('hub.log').map((o) => o.message)).toEqual([
      expect.stringMatching(
        /recording of c2 2026-12-06T07:00:00.000Z does not download: GET .*\/media\/missing\.mp4 answered 404/,
      ),
    ]);
  });
});
