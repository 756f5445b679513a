import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../../../simulators/clock/virtual-clock.ts';
import type { InventoryCamera } from '../../../../simulators/fleet/inventory.ts';
import type { Observation, ObservationKind } from '../../../../simulators/observations/observation.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import type { HubAdapter, HubContext } from '../../hub-adapter.ts';
import { HubStartError } from '../hub-command.ts';
import { loadDeclarativeAdapter } from '../load-declarative-adapter.ts';
import { HubCallError } from '../send-http-call.ts';
import { processAlive } from '../../process/process-alive.ts';

function camera(id: string): InventoryCamera {
  return {
    id,
    name: `Camera ${id}`,
    site: 'slough',
    model: 'fixed-1080p',
    manufacturer: 'camlab',
    address: `127.20.0.${id.length}`,
    rtspPort: 554,
    onvifPort: 80,
    rtsp: { main: `rtsp://127.20.0.9:554/${id}/main`, sub: `rtsp://127.20.0.9:554/${id}/sub` },
    onvif: `http://127.20.0.9/${id}/onvif/device_service`,
    snapshot: `http://127.20.0.9/${id}/snapshot.jpg`,
    ptz: true,
    username: 'admin',
    password: 'secret',
    shard: 0,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-declarative-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(log: ObservationLog, clock: VirtualClock, extra: Partial<HubContext> = {}): HubContext {
  return { instance: 'council', log, clock, workDir: dir, signal: new AbortController().signal, ...extra };
}

/** Resolves with the first observation of `kind` that `match` accepts, recorded now or later. */
function nextObservation<K extends ObservationKind>(
  log: ObservationLog,
  kind: K,
  match: (o: Extract<Observation, { kind: K }>) => boolean,
): Promise<Extract<Observation, { kind: K }>> {
  const seen = log.ofKind(kind).find(match);
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${kind} observation within 5000 ms`));
    }, 5000);
    const off = log.subscribe((o) => {
      if (o.kind === kind && match(o as Extract<Observation, { kind: K }>)) {
        clearTimeout(timer);
        off();
        resolve(o as Extract<Observation, { kind: K }>);
      }
    });
  });
}

describe('declarative adapter against a tiny HTTP hub', () => {
  let server: Server;
  let base: string;
  const received: { method: string; path: string; body: unknown }[] = [];
  let callbackUrl: string | undefined;
  const live = new Set<string>();

  beforeEach(async () => {
    received.length = 0;
    callbackUrl = undefined;
    live.clear();
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => {
      received.push({ method: req.method, path: req.path, body: req.body as unknown });
      next();
    });
    app.get('/api/info', (_req, res) => void res.json({ product: 'TinyHub', version: '9.9.9' }));
    app.post('/subscribe', (req, res) => {
      callbackUrl = (req.body as { url: string }).url;
      res.status(201).end();
    });
    app.post('/cameras', (req, res) => {
      const { id } = req.body as { id: string };
      if (id === 'bad') return void res.status(500).send('cannot reach camera');
      live.add(id);
      res.json({ relayId: `r-${id}` });
    });
    app.delete('/cameras/:relay', (_req, res) => void res.status(204).end());
    app.delete('/subscribe', (_req, res) => void res.status(204).end());
    app.post('/ptz/:id', (_req, res) => void res.json({ ok: true }));
    // The test's handle on the hub: make it notify its subscriber, as a VMS does when it loses a camera.
    app.post('/admin/notify', async (req, res) => {
      const hook = await fetch(callbackUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events: req.body as unknown }),
      });
      res.status(hook.status).end();
    });
    app.get(
      '/status',
      (_req, res) => void res.json({ live: Object.fromEntries([...live].map((id) => [id, { bitrate: 1000 }])) }),
    );
    server = app.listen(0, '127.15.0.1');
    await once(server, 'listening');
    base = `http://127.15.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function adapterFile(): Promise<string> {
    const file = join(dir, 'tiny-hub.yaml');
    await writeFile(
      file,
      `name: tiny-hub
identity:
  name: unknown hub
  fetch: { request: { url: "{{vars.base}}/api/info" }, name: $.product, version: $.version }
vars: { base: "${base}" }
setup:
  method: POST
  url: "{{vars.base}}/subscribe"
  json: { url: "{{webhook.url}}" }
teardown:
  method: DELETE
  url: "{{vars.base}}/subscribe"
  expectStatus: [204]
provision:
  request:
    method: POST
    url: "{{vars.base}}/cameras"
    json: { id: "{{camera.id}}", url: "{{camera.rtsp.main}}", user: "{{camera.username}}" }
    save: { relayId: $.relayId }
release:
  request: { method: DELETE, url: "{{vars.base}}/cameras/{{saved.relayId | urlencode}}", expectStatus: [204] }
alarms:
  webhook:
    listen: { host: 127.15.0.1 }
    path: /alarms
    events: $.events
    camera: $.cam
    cameraBy: rtsp
    alarm: $.type
    kind: { offline: offline, tamper: tamper }
    state: { path: $.state, raised: [down], cleared: [up] }
  poll:
    request: { url: "{{vars.base}}/status" }
    intervalMs: 1000
    items: $.live
    camera: $key
    alarm: stream-lost
    kind: video-loss
    presence: online
ptz:
  goto-preset: { method: POST, url: "{{vars.base}}/ptz/{{camera.id}}", json: { preset: "{{ptz.preset}}" } }
`,
    );
    return file;
  }

  it('provisions, hears webhook and polled alarms, sends PTZ and releases, recording each', async () => {
    const log = new ObservationLog();
    const clock = new VirtualClock(1_000_000);
    const adapter: HubAdapter = (await loadDeclarativeAdapter(await adapterFile()))();
    expect(adapter.kind).toBe('declarative:tiny-hub');
    expect([...adapter.capabilities].sort()).toEqual(['alarms', 'provision', 'ptz']);
    await adapter.open(context(log, clock));
    try {
      expect(await adapter.identity()).toEqual({ name: 'TinyHub', version: '9.9.9' });
      expect(callbackUrl).toMatch(/^http:\/\/127\.15\.0\.1:\d+\/hooks\/council\/alarms$/);

      const [c1, c2] = [camera('c1'), camera('c2')];
      await adapter.provision!([c1, c2]);
      expect(received.filter((r) => r.path === '/cameras').map((r) => r.body)).toEqual([
        { id: 'c1', url: c1.rtsp.main, user: 'admin' },
        { id: 'c2', url: c2.rtsp.main, user: 'admin' },
      ]);
      expect(log.ofKind('hub.provisioned').map((o) => [o.hub, o.camera, o.profile, o.atMs])).toEqual([
        ['council', 'c1', 'main', 1_000_000],
        ['council', 'c2', 'main', 1_000_000],
      ]);

      // The hub calls camlab back: c1 down (twice: one fact), then up. It names cameras by RTSP URL.
      const post = (events: unknown[]) =>
        fetch(`${base}/admin/notify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(events),
        });
      expect((await post([{ cam: c1.rtsp.main, type: 'offline', state: 'down' }])).status).toBe(200);
      await post([{ cam: c1.rtsp.main, type: 'offline', state: 'down' }]);
      clock.advance(5_000);
      await post([{ cam: c1.rtsp.main, type: 'offline', state: 'up' }]);
      await nextObservation(log, 'hub.alarm', (o) => o.state === 'cleared' && o.alarm === 'offline');
      // A camera camlab never provisioned, and an event it cannot read: logged, never guessed.
      await post([
        { cam: 'rtsp://elsewhere/1', type: 'offline', state: 'down' },
        { type: 'offline', state: 'sideways' },
      ]);
      await nextObservation(
        log,
        'hub.log',
        (o) => o.message.startsWith('webhook event not understood') && o.message.includes('sideways'),
      );
      expect(
        log.ofKind('hub.log').some((o) => o.message === "no provisioned camera has rtsp 'rtsp://elsewhere/1'"),
      ).toBe(true);
      // The adapter file maps the hub's 'offline' to the offline kind; names are never guessed.
      expect(log.ofKind('hub.alarm').every((o) => o.alarm !== 'offline' || o.alarmKind === 'offline')).toBe(true);
      expect(log.ofKind('hub.alarm').map((o) => [o.camera, o.alarm, o.state, o.atMs])).toEqual([
        ['c1', 'offline', 'raised', 1_000_000],
        ['c1', 'offline', 'cleared', 1_005_000],
      ]);

      // The polled status lists live streams: c2 seen, then missing raises stream-lost, back again clears it.
      await adapter.collect!();
      live.delete('c2');
      clock.advance(1_000);
      await adapter.collect!();
      live.add('c2');
      clock.advance(1_000);
      await adapter.collect!();
      expect(
        log
          .ofKind('hub.alarm')
          .filter((o) => o.alarm === 'stream-lost')
          .map((o) => [o.camera, o.alarmKind, o.state, o.atMs]),
      ).toEqual([
        ['c2', 'video-loss', 'raised', 1_006_000],
        ['c2', 'video-loss', 'cleared', 1_007_000],
      ]);

      await adapter.ptz!(c1, { kind: 'goto-preset', preset: 'gate' });
      expect(received.find((r) => r.path === '/ptz/c1')?.body).toEqual({ preset: 'gate' });
      expect(log.ofKind('hub.ptz')).toEqual([
        { kind: 'hub.ptz', atMs: 1_007_000, hub: 'council', camera: 'c1', command: 'goto-preset', preset: 'gate' },
      ]);
      await expect(adapter.ptz!(c1, { kind: 'stop' })).rejects.toThrow(/no 'stop' PTZ call/);

      await adapter.release!([c1]);
      expect(received.find((r) => r.method === 'DELETE')?.path).toBe('/cameras/r-c1');
      expect(log.ofKind('hub.released').map((o) => o.camera)).toEqual(['c1']);
    } finally {
      await adapter.close();
    }
    // Close unsubscribed; a webhook after close finds nobody listening.
    expect(received.filter((r) => r.method === 'DELETE' && r.path === '/subscribe')).toHaveLength(1);
    await expect(fetch(callbackUrl!, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(clock.pendingCount()).toBe(0);
  });

  it('gives a camera that was never listed the grace period before its absence is an alarm', async () => {
    const log = new ObservationLog();
    const clock = new VirtualClock(0);
    const adapter = (await loadDeclarativeAdapter(await adapterFile()))();
    await adapter.open(context(log, clock));
    try {
      await adapter.provision!([camera('c4')]);
      live.delete('c4'); // the hub has not managed to pull it yet
      clock.advance(9_000);
      await adapter.collect!();
      expect(log.ofKind('hub.alarm')).toEqual([]);
      clock.advance(1_000);
      await adapter.collect!();
      expect(log.ofKind('hub.alarm').map((o) => [o.camera, o.alarm, o.state, o.atMs])).toEqual([
        ['c4', 'stream-lost', 'raised', 10_000],
      ]);
    } finally {
      await adapter.close();
    }
  });

  it('reports a failed provisioning call with its status, and still provisions the others', async () => {
    const log = new ObservationLog();
    const adapter = (await loadDeclarativeAdapter(await adapterFile()))();
    await adapter.open(context(log, new VirtualClock(0)));
    try {
      const err = await adapter.provision!([camera('bad'), camera('c3')]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HubCallError);
      expect((err as HubCallError).status).toBe(500);
      expect((err as Error).message).toMatch(
        /provision failed for 1 of 2 cameras.*answered 500, expected 2xx: cannot reach camera/,
      );
      // With the hub's API gone, the identity falls back to the file's instead of failing the report.
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      expect(await adapter.identity()).toEqual({ name: 'unknown hub' });
      expect(log.ofKind('hub.log').some((o) => o.level === 'warn' && o.message.includes('identity'))).toBe(true);
      server.listen(0, '127.15.0.1');
      await once(server, 'listening');
      expect(log.ofKind('hub.provisioned').map((o) => o.camera)).toEqual(['c3']);
      expect(log.ofKind('hub.log').some((o) => o.level === 'error' && o.message.includes('provision bad'))).toBe(true);
    } finally {
      await adapter.close();
    }
  });

  it('gives the hub the advertised webhook address when one is set', async () => {
    const file = await adapterFile();
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(
        '    path: /alarms\n',
        '    path: /alarms\n    advertise: "http://camlab-runner.example.test:9000/"\n',
      ),
    );
    const adapter = (await loadDeclarativeAdapter(file))();
    await adapter.open(context(new ObservationLog(), new VirtualClock(0)));
    await adapter.close();
    expect(callbackUrl).toBe('http://camlab-runner.example.test:9000/hooks/council/alarms');
  });

  it('closes its webhook listener and poll timer, idempotently', async () => {
    const clock = new VirtualClock(0);
    const adapter = (await loadDeclarativeAdapter(await adapterFile()))();
    await adapter.open(context(new ObservationLog(), clock));
    expect(clock.pendingCount()).toBe(1);
    const hookUrl = callbackUrl!;
    expect((await fetch(hookUrl, { method: 'POST', body: '{"events": []}' })).status).toBe(200);
    await Promise.all([adapter.close(), adapter.close()]);
    await adapter.close();
    await expect(adapter.provision!([camera('late')])).rejects.toThrow(/closed/);
    expect(clock.pendingCount()).toBe(0);
    await expect(fetch(hookUrl, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});

describe('declarative adapter starting its hub', () => {
  const hubScript = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const m = /^\\/(lose|back)\\/(.+)$/.exec(req.url);
  if (m) console.log(m[1] === 'lose' ? 'relay ' + m[2] + ' lost' : 'relay ' + m[2] + ' restored');
  res.end('ok');
});
server.listen(0, '127.15.0.2', () => console.log('tiny hub listening on port ' + server.address().port));
process.on('SIGTERM', () => { console.log('bye'); server.close(); process.exit(0); });
`;

  async function startFile(extra = ''): Promise<string> {
    await writeFile(join(dir, 'tiny-hub.cjs'), hubScript);
    const file = join(dir, 'started-hub.yaml');
    await writeFile(
      file,
      `name: started
identity: { name: Tiny, version: "1" }
start:
  command: ["${process.execPath}", tiny-hub.cjs]
  cwd: .
  ready: { log: "listening on port (?<port>\\\\d+)", url: "http://127.15.0.2:{{vars.port}}/", timeoutMs: 10000 }
  stopTimeoutMs: 2000
alarms:
  log:
    - { pattern: "relay (?<camera>\\\\S+) lost", state: raised }
    - { pattern: "relay (?<camera>\\\\S+) restored", state: cleared }
${extra}`,
    );
    return file;
  }

  // Timers are left out: fetch's connection pool (undici) keeps one of its own after any request.
  const handles = () => {
    const counts = { ProcessWrap: 0, PipeWrap: 0, TCPServerWrap: 0 };
    for (const r of process.getActiveResourcesInfo()) if (r in counts) counts[r as keyof typeof counts]++;
    return counts;
  };

  it('starts the command, waits for readiness, reads alarms from its log and stops it by PID', async () => {
    const before = handles();
    const log = new ObservationLog();
    const crashed = vi.fn();
    const adapter = (await loadDeclarativeAdapter(await startFile()))();
    expect([...adapter.capabilities].sort()).toEqual(['alarms', 'start']);
    await adapter.open(context(log, new VirtualClock(500), { crashed }));
    const pid = (adapter as unknown as { process: { pid: number } }).process.pid;
    const port = (adapter as unknown as { vars: Record<string, string> }).vars.port;
    try {
      expect(processAlive(pid)).toBe(true);
      await fetch(`http://127.15.0.2:${port}/lose/mk-7`).then((r) => r.text());
      await nextObservation(log, 'hub.alarm', (o) => o.camera === 'mk-7' && o.state === 'raised');
      await fetch(`http://127.15.0.2:${port}/back/mk-7`).then((r) => r.text());
      await nextObservation(log, 'hub.alarm', (o) => o.camera === 'mk-7' && o.state === 'cleared');
      expect(log.ofKind('hub.alarm').map((o) => [o.hub, o.camera, o.alarm, o.state, o.atMs])).toEqual([
        ['council', 'mk-7', 'offline', 'raised', 500],
        ['council', 'mk-7', 'offline', 'cleared', 500],
      ]);
    } finally {
      await adapter.close();
    }
    expect(processAlive(pid)).toBe(false);
    expect(crashed).not.toHaveBeenCalled();
    // No more handles than before (an earlier test's server may still be finishing its close).
    await vi.waitFor(() => {
      const after = handles();
      for (const kind of Object.keys(before) as (keyof typeof before)[])
        expect(after[kind], kind).toBeLessThanOrEqual(before[kind]);
    });
  });

  it('tells the runner when the hub dies on its own', async () => {
    const log = new ObservationLog();
    let onCrash: (e: Error) => void = () => undefined;
    const crashedOnce = new Promise<Error>((r) => (onCrash = r));
    const adapter = (await loadDeclarativeAdapter(await startFile()))();
    await adapter.open(context(log, new VirtualClock(0), { crashed: onCrash }));
    const pid = (adapter as unknown as { process: { pid: number } }).process.pid;
    try {
      process.kill(pid, 'SIGKILL');
      expect((await crashedOnce).message).toMatch(/exited on its own \(code null, signal SIGKILL\)/);
      expect(log.ofKind('hub.log').some((o) => o.level === 'error')).toBe(true);
    } finally {
      await adapter.close();
    }
  });

  it('fails open() with the output when the command exits before it is ready', async () => {
    const file = join(dir, 'dies.yaml');
    await writeFile(
      file,
      `name: dies\nidentity: { name: D }\nstart:\n  command: ["${process.execPath}", "-e", "console.log('config error: no licence'); process.exit(3)"]\n  ready: { log: never-printed, timeoutMs: 10000 }\n`,
    );
    const adapter = (await loadDeclarativeAdapter(file))();
    const err = await adapter.open(context(new ObservationLog(), new VirtualClock(0))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubStartError);
    expect((err as Error).message).toMatch(
      /exited \(code 3, signal null\) before it was ready; last output:\nconfig error: no licence/,
    );
  });

  it('fails open() at the readiness deadline and stops the process', async () => {
    const file = join(dir, 'slow.yaml');
    await writeFile(
      file,
      `name: slow\nidentity: { name: S }\nstart:\n  command: ["${process.execPath}", "-e", "setInterval(() => {}, 1000)"]\n  ready: { log: ready, timeoutMs: 300 }\n`,
    );
    const adapter = (await loadDeclarativeAdapter(file))();
    const err = await adapter.open(context(new ObservationLog(), new VirtualClock(0))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubStartError);
    expect((err as Error).message).toMatch(/not ready within 300 ms \(waiting for a line matching \/ready\/\)/);
    const pid = (adapter as unknown as { process: { pid: number } }).process.pid;
    expect(processAlive(pid)).toBe(false);
  });
});
