import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Camera } from '../../camera/camera.ts';
import { Fleet } from '../../fleet/fleet.ts';
import { fleetFromCount } from '../../fleet/fleet-schema.ts';
import type { DeviceServers } from '../../fleet/device-servers.ts';
import { ControlApiServer, ApiTokenRequiredError } from '../control-api-server.ts';

/** The API's behaviour needs the fleet's state, not its sockets: cameras here have no listeners. */
class NoListeners implements DeviceServers {
  readonly cameras = new Map<string, Camera>();
  addCamera(camera: Camera): Promise<void> {
    this.cameras.set(camera.id, camera);
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('control API', () => {
  let fleet: Fleet;
  let api: ControlApiServer;
  let before: string[] = [];

  beforeAll(async () => {
    before = process.getActiveResourcesInfo();
    fleet = await Fleet.start(fleetFromCount(8, { sites: ['north', 'south'], addressBlock: '127.13.60.0/22' }), {
      ports: { rtsp: 0, onvif: 0 },
      servers: () => Promise.resolve(new NoListeners()),
    });
    api = await ControlApiServer.start(fleet, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api.close();
    await fleet.close();
    await fleet.close();
    // Our listeners are gone (fetch's own keep-alive sockets and timers close on their own schedule).
    const listeners = (list: string[]) => list.filter((r) => r === 'TCPServerWrap').length;
    await vi.waitFor(() => expect(listeners(process.getActiveResourcesInfo())).toBe(listeners(before)), {
      timeout: 5_000,
    });
  });

  const call = (
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => fetch(`${api.url}${path}`, { method, body, headers });

  it('lists cameras with state, faults and sessions', async () => {
    const res = await call('GET', '/api/cameras');
    expect(res.status).toBe(200);
    const cams = (await res.json()) as { id: string; site: string; state: string }[];
    expect(cams).toHaveLength(8);
    expect(cams[0]).toMatchObject({ id: 'north-001', site: 'north', state: 'up', faults: [], sessions: 0 });
  });

  it('shows one camera, and 404 for an unknown one', async () => {
    expect(await (await call('GET', '/api/cameras/south-002')).json()).toMatchObject({
      id: 'south-002',
      state: 'up',
      faults: [],
      sessions: [],
    });
    const res = await call('GET', '/api/cameras/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('nope') });
  });

  const bad: { name: string; body: string; path: string }[] = [
    { name: 'unknown kind', body: JSON.stringify({ kind: 'gremlins', target: { fleet: true } }), path: 'kind' },
    {
      name: 'bad target',
      body: JSON.stringify({ kind: 'outage', target: { site: 'east' }, params: { mode: 'power' } }),
      path: 'target.site',
    },
    {
      name: 'negative duration',
      body: JSON.stringify({ kind: 'outage', target: { fleet: true }, params: { mode: 'power' }, for: -1000 }),
      path: 'for',
    },
    {
      name: 'negative param duration',
      body: JSON.stringify({ kind: 'latency', target: { fleet: true }, params: { delay: '-5s' } }),
      path: 'params.delay',
    },
    { name: 'bad JSON', body: '{"kind": "outage",', path: '' },
  ];
  for (const b of bad) {
    it(`400 naming the field, nothing applied: ${b.name}`, async () => {
      const res = await call('POST', '/api/faults', b.body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
      expect(json.issues.map((i) => i.path)).toContain(b.path);
      expect(json.issues.every((i) => i.message.length > 0)).toBe(true);
      expect(await (await call('GET', '/api/faults')).json()).toEqual([]);
      expect(fleet.cameras.every((c) => c.faults.length === 0 && c.power === 'up')).toBe(true);
    });
  }

  it('applies, lists, shows on the camera, and clears a fault; observations and metrics follow', async () => {
    const since = Date.now() - 1;
    const res = await call(
      'POST',
      '/api/faults',
      JSON.stringify({ kind: 'outage', target: { site: 'south', share: '50%' }, params: { mode: 'power' } }),
    );
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const list = (await (await call('GET', '/api/faults')).json()) as { id: string; cameras: string[] }[];
    expect(list).toHaveLength(1);
    expect(list[0]!.cameras).toHaveLength(2);
    const victim = list[0]!.cameras[0]!;
    expect(await (await call('GET', `/api/cameras/${victim}`)).json()).toMatchObject({
      state: 'down',
      faults: [{ id, kind: 'outage' }],
    });
    const metrics = await (await call('GET', '/metrics')).text();
    expect(metrics).toMatch(/camlab_cameras\{state="down"\} 2/);
    expect(metrics).toMatch(/camlab_faults_active\{kind="outage"\} 1/);
    expect((await call('DELETE', `/api/faults/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/faults/${id}`)).status).toBe(404);
    const obs = (await (
      await call('GET', `/api/observations?kind=fault.applied,fault.cleared&since=${since}`)
    ).json()) as { kind: string }[];
    expect(obs.map((o) => o.kind)).toEqual(['fault.applied', 'fault.cleared']);
    const states = (await (await call('GET', `/api/observations?camera=${victim}&kind=camera.state`)).json()) as {
      state: string;
    }[];
    expect(states.map((o) => o.state)).toEqual(['down', 'booting']);
  });

  it('adds a user to every camera it serves (a hub instance of a run driving it), and 400s a bad one naming the field', async () => {
    const user = { username: 'camlab-hub', password: 'hub-pw', role: 'Operator' };
    expect((await call('POST', '/api/users', JSON.stringify({ users: [user] }))).status).toBe(204);
    for (const c of fleet.cameras) expect(c.findUser('camlab-hub')).toEqual(user);
    // Again with another password: replaced by name, as a run with another seed does.
    await call('POST', '/api/users', JSON.stringify({ users: [{ ...user, password: 'other' }] }));
    expect(fleet.cameras.every((c) => c.users.filter((u) => u.username === 'camlab-hub').length === 1)).toBe(true);
    expect(fleet.cameras[0]!.findUser('camlab-hub')?.password).toBe('other');
    const res = await call('POST', '/api/users', JSON.stringify({ users: [{ ...user, role: 'Root' }] }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ issues: [{ path: 'users[0].role' }] });
  });

  it("takes back a user it added, by name, and only such a user: never the fleet's own", async () => {
    const user = { username: 'camlab-taken-back', password: 'pw', role: 'Operator' };
    expect((await call('POST', '/api/users', JSON.stringify({ users: [user] }))).status).toBe(204);
    expect(fleet.cameras.every((c) => c.findUser('camlab-taken-back') !== undefined)).toBe(true);
    expect((await call('DELETE', '/api/users/camlab-taken-back')).status).toBe(204);
    expect(fleet.cameras.some((c) => c.findUser('camlab-taken-back') !== undefined)).toBe(false);
    expect((await call('DELETE', '/api/users/camlab-taken-back')).status).toBe(404);
    const own = fleet.cameras[0]!.users[0]!.username;
    const refused = await call('DELETE', `/api/users/${own}`);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: string }).error).toBe(`no user '${own}' was added through this API`);
    expect(fleet.cameras[0]!.findUser(own)).toBeDefined();
  });

  it('serves its cumulative headroom counters: CPU, busy time, delay buckets, never reset by reading', async () => {
    const read = async () => {
      const res = await call('GET', '/api/headroom');
      expect(res.status).toBe(200);
      return (await res.json()) as {
        pid: number;
        uptimeMs: number;
        coresAvailable: number;
        cpuMicros: { user: number; system: number };
        mainThread: { idleMs: number; activeMs: number };
        workers: unknown[];
        loopDelay: { boundsMs: number[]; counts: number[] };
      };
    };
    const first = await read();
    // Busy the loop for a moment so the counters have something to rise by.
    const until = performance.now() + 30;
    while (performance.now() < until);
    const second = await read();
    expect(second.pid).toBe(process.pid);
    expect(second.coresAvailable).toBeGreaterThan(0);
    expect(second.workers).toEqual([]);
    expect(second.loopDelay.counts).toHaveLength(second.loopDelay.boundsMs.length + 1);
    expect(second.uptimeMs).toBeGreaterThan(first.uptimeMs);
    expect(second.cpuMicros.user + second.cpuMicros.system).toBeGreaterThan(
      first.cpuMicros.user + first.cpuMicros.system,
    );
    expect(second.mainThread.activeMs).toBeGreaterThan(first.mainThread.activeMs);
    second.loopDelay.counts.forEach((c, i) => expect(c).toBeGreaterThanOrEqual(first.loopDelay.counts[i]!));
  });

  it('a bad observation query is a 400 naming the parameter', async () => {
    const res = await call('GET', '/api/observations?since=yesterday');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('since');
  });

  it('streams observations as Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${api.url}/api/observations/stream?kind=fault.applied`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const { id } = (await (
      await call('POST', '/api/faults', JSON.stringify({ kind: 'motion', target: { camera: 'north-002' } }))
    ).json()) as { id: string };
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('"fault.applied"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    const data = text.split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(data.slice(6))).toMatchObject({
      kind: 'fault.applied',
      faultId: id,
      fault: 'motion',
      cameras: ['north-002'],
    });
    await call('DELETE', `/api/faults/${id}`);
  });

  it('refuses a non-loopback address without a token', async () => {
    await expect(ControlApiServer.start(fleet, { host: '0.0.0.0', port: 0 })).rejects.toBeInstanceOf(
      ApiTokenRequiredError,
    );
  });

  it('with a token, requests without it get 401', async () => {
    const guarded = await ControlApiServer.start(fleet, { host: '127.0.0.1', port: 0, token: 's3cret' });
    try {
      expect((await fetch(`${guarded.url}/api/cameras`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/api/cameras`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(
        200,
      );
    } finally {
      await guarded.close();
    }
  });
});
