import { describe, expect, it } from 'vitest';
import { Camera } from '../camera/camera.ts';
import { findBuiltinModel } from '../camera/camera-model.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { ObservationLog } from '../observations/observation-log.ts';
import { HttpError } from '../api/http-error.ts';
import { FRAME_DROP, FRAME_SEND } from './fault.ts';
import { builtinFaultKinds } from './builtin-fault-kinds.ts';
import { FaultController, type FaultCameraRef } from './fault-controller.ts';
import type { FaultSite } from './fault-kind.ts';
import { FaultRunner } from './fault-runner.ts';

function setup(perSite = 4) {
  const clock = new VirtualClock(1_000_000);
  const log = new ObservationLog();
  const cameras: Camera[] = [];
  const refs: FaultCameraRef[] = [];
  const sites = new Map<string, FaultSite>();
  for (const [s, site] of ['north', 'south'].entries()) {
    sites.set(site, { name: site, addressBlock: `127.13.${s}.0/24`, bandwidthKbps: 1000, cameraCount: perSite });
    for (let i = 0; i < perSite; i++) {
      const model = findBuiltinModel(i % 4 === 0 ? 'ptz-dome' : 'fixed-1080p')!;
      const id = `${site}-${i + 1}`;
      cameras.push(
        new Camera({
          id,
          name: id,
          site,
          model,
          network: { address: `127.13.${s}.${i + 1}`, rtspPort: 554, onvifPort: 80 },
          users: [{ username: 'admin', password: 'pw', role: 'Administrator' }],
        }),
      );
      refs.push({ id, site, model: model.id, siteIndex: i });
    }
  }
  const byId = new Map(cameras.map((c) => [c.id, c]));
  const registry = builtinFaultKinds();
  const runner = new FaultRunner({
    registry,
    clock,
    camera: (id) => byId.get(id),
    siteIndexOf: (c) => refs.find((r) => r.id === c.id)!.siteIndex,
    sites: () => sites,
  });
  const faults = new FaultController({
    registry,
    executor: runner,
    clock,
    log,
    seed: 7,
    cameras: () => refs,
    sites: () => sites,
  });
  return { clock, log, cameras, byId, faults, runner };
}

async function rejection(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}

describe('FaultController: bad input is refused and nothing is applied', () => {
  const cases: { name: string; body: unknown; path: string }[] = [
    { name: 'unknown kind', body: { kind: 'meteor', target: { fleet: true } }, path: 'kind' },
    { name: 'unknown camera', body: { kind: 'reboot', target: { camera: 'nope' } }, path: 'target.camera' },
    {
      name: 'unknown camera in a list',
      body: { kind: 'reboot', target: { cameras: ['north-1', 'x'] } },
      path: 'target.cameras[1]',
    },
    { name: 'unknown site', body: { kind: 'reboot', target: { site: 'mars' } }, path: 'target.site' },
    {
      name: 'share above 100%',
      body: { kind: 'reboot', target: { site: 'north', share: '150%' } },
      path: 'target.share',
    },
    { name: 'empty target', body: { kind: 'reboot', target: {} }, path: 'target' },
    { name: 'negative for', body: { kind: 'reboot', target: { fleet: true }, for: -5 }, path: 'for' },
    { name: 'zero for', body: { kind: 'reboot', target: { fleet: true }, for: '0s' }, path: 'for' },
    { name: 'missing outage mode', body: { kind: 'outage', target: { fleet: true }, params: {} }, path: 'params.mode' },
    {
      name: 'unknown param',
      body: { kind: 'outage', target: { fleet: true }, params: { mode: 'power', colour: 'red' } },
      path: 'params.colour',
    },
    {
      name: 'bad rate',
      body: { kind: 'bandwidth', target: { fleet: true }, params: { limit: 'fast' } },
      path: 'params.limit',
    },
    {
      name: 'negative delay',
      body: { kind: 'latency', target: { fleet: true }, params: { delay: -10 } },
      path: 'params.delay',
    },
    { name: 'unknown top-level key', body: { kind: 'reboot', target: { fleet: true }, when: 'now' }, path: 'when' },
    { name: 'not an object', body: 'outage', path: '' },
    {
      name: 'too small readdress block',
      body: { kind: 'readdress', target: { site: 'north' }, params: { addressBlock: '127.13.9.0/30' } },
      path: 'params.addressBlock',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { faults, cameras, log } = setup();
      const err = await rejection(faults.apply(c.body));
      expect(err.status).toBe(400);
      expect(err.issues.map((i) => i.path)).toContain(c.path);
      expect(faults.list()).toEqual([]);
      expect(cameras.every((cam) => cam.faults.length === 0 && cam.power === 'up')).toBe(true);
      expect(log.size).toBe(0);
    });
  }
});

describe('FaultController: apply, stack, clear', () => {
  it('power outage: down at once, boots when cleared, observations recorded', async () => {
    const { faults, byId, clock, log } = setup();
    const { id } = await faults.apply({ kind: 'outage', target: { camera: 'north-2' }, params: { mode: 'power' } });
    expect(byId.get('north-2')!.power).toBe('down');
    expect(byId.get('north-1')!.power).toBe('up');
    await faults.clear(id);
    expect(byId.get('north-2')!.power).toBe('booting');
    clock.advance(byId.get('north-2')!.model.bootTimeMs);
    expect(byId.get('north-2')!.power).toBe('up');
    expect(log.all().map((o) => o.kind)).toEqual(['fault.applied', 'fault.cleared']);
    expect(log.ofKind('fault.applied')[0]).toMatchObject({
      faultId: id,
      fault: 'outage',
      cameras: ['north-2'],
      params: { mode: 'power' },
    });
  });

  it('stacked power outages: the camera stays down until the last one clears', async () => {
    const { faults, byId } = setup();
    const a = await faults.apply({ kind: 'outage', target: { site: 'north' }, params: { mode: 'power' } });
    const b = await faults.apply({ kind: 'outage', target: { camera: 'north-3' }, params: { mode: 'power' } });
    await faults.clear(a.id);
    expect(byId.get('north-1')!.power).toBe('booting');
    expect(byId.get('north-3')!.power).toBe('down');
    await faults.clear(b.id);
    expect(byId.get('north-3')!.power).toBe('booting');
  });

  it('clearing one fault leaves the others in the chain', async () => {
    const { faults, byId } = setup();
    const freeze = await faults.apply({
      kind: 'outage',
      target: { camera: 'south-1' },
      params: { mode: 'stream-freeze' },
    });
    await faults.apply({ kind: 'latency', target: { camera: 'south-1' }, params: { delay: '40ms' } });
    const cam = byId.get('south-1')!;
    expect(cam.frameVerdict('s', 1000, 'tcp', 0)).toBe(FRAME_DROP);
    await faults.clear(freeze.id);
    expect(cam.frameVerdict('s', 1000, 'tcp', 0)).toBe(40);
    expect(cam.faults.map((f) => f.kind)).toEqual(['latency']);
  });

  it('`for` clears the fault on the clock', async () => {
    const { faults, byId, clock, log } = setup();
    await faults.apply({ kind: 'outage', target: { site: 'south' }, params: { mode: 'onvif-down' }, for: '30s' });
    expect(byId.get('south-2')!.connectionVerdict('onvif', clock.now())).toBe('reset');
    expect(byId.get('south-2')!.connectionVerdict('rtsp', clock.now())).toBe('accept');
    clock.advance(29_999);
    expect(faults.list()).toHaveLength(1);
    clock.advance(1);
    await settleClear(log);
    expect(faults.list()).toEqual([]);
    expect(byId.get('south-2')!.connectionVerdict('onvif', clock.now())).toBe('accept');
  });

  it('a share of a site is seeded: same seed, same cameras; at least one camera', async () => {
    const one = setup(40);
    const two = setup(40);
    const a = await one.faults.apply({ kind: 'reboot', target: { site: 'north', share: '25%' }, seed: 42 });
    const b = await two.faults.apply({ kind: 'reboot', target: { site: 'north', share: '25%' }, seed: 42 });
    const camsA = one.faults.list().find((f) => f.id === a.id)!.cameras;
    expect(camsA).toHaveLength(10);
    expect(two.faults.list().find((f) => f.id === b.id)!.cameras).toEqual(camsA);
    expect(camsA.every((c) => c.startsWith('north-'))).toBe(true);
    const small = await one.faults.apply({ kind: 'motion', target: { site: 'south', share: '1%' } });
    expect(one.faults.list().find((f) => f.id === small.id)!.cameras).toHaveLength(1);
  });

  it('clearing an unknown fault is a 404', async () => {
    const { faults } = setup();
    expect((await rejection(faults.clear('fault-99'))).status).toBe(404);
  });
});

async function settleClear(log: ObservationLog): Promise<void> {
  // The clear runs on the controller's queue (a microtask chain); let it settle.
  for (let i = 0; i < 20 && log.ofKind('fault.cleared').length === 0; i++) await Promise.resolve();
  expect(log.ofKind('fault.cleared')).toHaveLength(1);
}

describe('fault kinds on a camera', () => {
  it('network outage: connections hang (or reset), frames drop, not discoverable', async () => {
    const { faults, byId } = setup();
    const cam = byId.get('north-1')!;
    const { id } = await faults.apply({ kind: 'outage', target: { camera: 'north-1' }, params: { mode: 'network' } });
    expect(cam.connectionVerdict('rtsp', 0)).toBe('hang');
    expect(cam.frameVerdict('s', 100, 'udp', 0)).toBe(FRAME_DROP);
    expect(cam.discoverable()).toBe(false);
    await faults.clear(id);
    await faults.apply({
      kind: 'outage',
      target: { camera: 'north-1' },
      params: { mode: 'network', connections: 'reset' },
    });
    expect(cam.connectionVerdict('onvif', 0)).toBe('reset');
  });

  it('reboot: down, booting, up after the boot time; skips a powered-off camera', async () => {
    const { faults, byId, clock } = setup();
    await faults.apply({ kind: 'outage', target: { camera: 'north-2' }, params: { mode: 'power' } });
    await faults.apply({ kind: 'reboot', target: { site: 'north' } });
    expect(byId.get('north-1')!.power).toBe('booting');
    expect(byId.get('north-2')!.power).toBe('down');
    clock.advance(8_000);
    expect(byId.get('north-1')!.power).toBe('up');
    expect(byId.get('north-2')!.power).toBe('down');
  });

  it('credentials: the password changes, clearing restores it', async () => {
    const { faults, byId } = setup();
    const cam = byId.get('south-3')!;
    const { id } = await faults.apply({
      kind: 'credentials',
      target: { camera: 'south-3' },
      params: { password: 'rotated' },
    });
    expect(cam.findUser('admin')!.password).toBe('rotated');
    await faults.clear(id);
    expect(cam.findUser('admin')!.password).toBe('pw');
  });

  it('readdress: the camera keeps its place in the new block and returns when cleared', async () => {
    const { faults, byId } = setup();
    const cam = byId.get('north-3')!;
    const moves: string[] = [];
    cam.on('readdress', (prev, next) => moves.push(`${prev.address}->${next.address}`));
    const { id } = await faults.apply({
      kind: 'readdress',
      target: { site: 'north' },
      params: { addressBlock: '127.13.40.0/24' },
    });
    expect(cam.network.address).toBe('127.13.40.3');
    await faults.clear(id);
    expect(moves).toEqual(['127.13.0.3->127.13.40.3', '127.13.40.3->127.13.0.3']);
  });

  it('clock-drift: step plus drift, on top of the model skew', async () => {
    const { faults, byId, clock } = setup();
    const cam = byId.get('north-2')!;
    await faults.apply({
      kind: 'clock-drift',
      target: { camera: 'north-2' },
      params: { offset: '-90s', driftPpm: 1000 },
    });
    expect(cam.clockOffsetMs(clock.now())).toBe(-90_000);
    clock.advance(100_000);
    expect(cam.clockOffsetMs(clock.now())).toBe(-90_000 + 100);
  });

  it('stale-nonce: the nonce lifetime shrinks while active (RTSP and ONVIF read it), and comes back when cleared', async () => {
    const { faults, byId } = setup();
    const cam = byId.get('north-3')!;
    const { id } = await faults.apply({
      kind: 'stale-nonce',
      target: { camera: 'north-3' },
      params: { lifetime: '3s' },
    });
    expect(cam.nonceLifetimeMs(300_000)).toBe(3_000);
    expect(byId.get('north-2')!.nonceLifetimeMs(300_000)).toBe(300_000);
    await faults.clear(id);
    expect(cam.nonceLifetimeMs(300_000)).toBe(300_000);
  });

  it('motion and tamper raise device events while active', async () => {
    const { faults, byId } = setup();
    const events: string[] = [];
    byId.get('south-2')!.on('deviceEvent', (topic, state) => events.push(`${topic}=${state}`));
    const m = await faults.apply({ kind: 'motion', target: { camera: 'south-2' } });
    const t = await faults.apply({ kind: 'tamper', target: { camera: 'south-2' } });
    await faults.clear(m.id);
    await faults.clear(t.id);
    expect(events).toEqual(['motion=true', 'tamper=true', 'motion=false', 'tamper=false']);
  });

  it('soap-fault and soap-delay act on the chosen operations only', async () => {
    const { faults, byId } = setup();
    const cam = byId.get('north-1')!;
    await faults.apply({ kind: 'soap-fault', target: { camera: 'north-1' }, params: { operations: ['GetStreamUri'] } });
    await faults.apply({
      kind: 'soap-delay',
      target: { camera: 'north-1' },
      params: { operations: ['GetProfiles'], delay: '3s' },
    });
    expect(cam.soapAction('media', 'GetStreamUri', 0)).toMatchObject({
      type: 'fault',
      httpStatus: 500,
      subcode: 'ter:CriticalError',
    });
    expect(cam.soapAction('media', 'GetProfiles', 0)).toEqual({ type: 'delay', delayMs: 3000 });
    expect(cam.soapAction('device', 'GetDeviceInformation', 0)).toBeUndefined();
  });

  it('loss is seeded: UDP frames lost at the ratio, TCP frames delayed instead', async () => {
    const { faults, byId } = setup();
    const cam = byId.get('north-1')!;
    await faults.apply({ kind: 'loss', target: { camera: 'north-1' }, params: { ratio: '10%' }, seed: 3 });
    let lost = 0;
    for (let i = 0; i < 10_000; i++) if (cam.frameVerdict('s', 100, 'udp', i) === FRAME_DROP) lost++;
    expect(lost).toBeGreaterThan(900);
    expect(lost).toBeLessThan(1100);
    const tcp = new Set<number>();
    for (let i = 0; i < 100; i++) tcp.add(cam.frameVerdict('s', 100, 'tcp', i));
    expect([...tcp].sort()).toEqual([FRAME_SEND, 200]);
  });

  it('jitter delays each frame within [delay, delay + jitter)', async () => {
    const { faults, byId } = setup();
    await faults.apply({ kind: 'jitter', target: { camera: 'north-1' }, params: { jitter: '50ms', delay: '10ms' } });
    const delays = Array.from({ length: 500 }, (_, i) => byId.get('north-1')!.frameVerdict('s', 100, 'tcp', i));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThan(60);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
