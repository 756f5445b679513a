import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { ffprobe } from '../../faults/e2e/ffmpeg-watch.ts';
import { waitForObservation } from '../../faults/e2e/wait-for-observation.ts';
import { Fleet } from '../fleet.ts';
import { fleetFromCount } from '../fleet-schema.ts';
import { mergeInventories } from '../merge-inventories.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping fleet worker e2e: ffmpeg/ffprobe do not run here');

const creds = (url: string, user = 'admin', pw = 'camlab') => url.replace('rtsp://', `rtsp://${user}:${pw}@`);

describe.skipIf(!available)('a fleet over worker threads', () => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await Fleet.start(fleetFromCount(6, { sites: ['north', 'south'], addressBlock: '127.13.40.0/22' }), {
      workers: 2,
      ports: { rtsp: 0, onvif: 0 },
      discovery: false,
    });
  });
  afterAll(async () => {
    await fleet?.close();
  });

  it('serves every camera from the workers, with the ports they bound, and forwards observations', async () => {
    expect(fleet.workerCount).toBe(2);
    expect(fleet.cameras).toEqual([]);
    // Read from this thread without a message; camlab load's headroom uses it.
    const utilization = fleet.workerLoopUtilization();
    expect(utilization).toHaveLength(2);
    expect(utilization.every((u) => u.active > 0 && u.utilization >= 0 && u.utilization <= 1)).toBe(true);
    const inv = fleet.inventory();
    expect(inv.cameras).toHaveLength(6);
    expect(inv.cameras.every((c) => c.rtspPort > 0 && c.onvifPort > 0)).toBe(true);
    for (const c of [inv.cameras[0]!, inv.cameras[5]!]) {
      const r = await ffprobe(creds(c.rtsp.main));
      expect(r.code, r.stderr).toBe(0);
      await waitForObservation(
        fleet.log,
        (o) => o.kind === 'rtsp.request' && o.camera === c.id && o.method === 'DESCRIBE' && o.status === 200,
        5_000,
      );
    }
  });

  it('sends a fault to the workers owning its cameras, and the state comes back', async () => {
    const since = Date.now();
    const { id } = await fleet.applyFault({ kind: 'outage', target: { fleet: true }, params: { mode: 'power' } });
    for (const c of fleet.inventory().cameras) {
      await waitForObservation(
        fleet.log,
        (o) => o.kind === 'camera.state' && o.camera === c.id && o.state === 'down',
        5_000,
        since,
      );
    }
    expect((await fleet.cameraDetail('south-003'))!.state).toBe('down');
    // A powered-off camera resets every attempt and records it as seen on its dark address.
    const probed = fleet.inventory().cameras[4]!;
    const r = await ffprobe(creds(probed.rtsp.main));
    expect(r.code, r.stderr).not.toBe(0);
    await waitForObservation(
      fleet.log,
      (o) => o.kind === 'connection' && o.camera === probed.id && o.poweredOff === true,
      5_000,
      since,
    );
    await fleet.clearFault(id);
    await waitForObservation(
      fleet.log,
      (o) => o.kind === 'camera.state' && o.camera === 'south-003' && o.state === 'booting',
      5_000,
      since,
    );
  });

  it('adds a hub user on every camera; its sessions are attributed to it', async () => {
    const ids = fleet.inventory().cameras.map((c) => c.id);
    await fleet.addUsers(ids, [{ username: 'hub-a', password: 'hub-a-pw', role: 'Operator' }]);
    const c = fleet.inventory().cameras[1]!;
    await waitForObservation(
      fleet.log,
      (o) => o.kind === 'camera.state' && o.camera === c.id && o.state === 'up',
      15_000,
    );
    const r = await ffprobe(creds(c.rtsp.main, 'hub-a', 'hub-a-pw'));
    expect(r.code, r.stderr).toBe(0);
    await waitForObservation(
      fleet.log,
      (o) => o.kind === 'rtsp.session.open' && o.camera === c.id && o.user === 'hub-a',
      5_000,
    );
    // Taken back from every worker's cameras, as a runner elsewhere does when it closes.
    expect((await fleet.cameraDetail(c.id))!.users).toContain('hub-a');
    await fleet.removeUsers(ids, ['hub-a']);
    for (const id of ids) expect((await fleet.cameraDetail(id))!.users).not.toContain('hub-a');
    expect((await fleet.cameraDetail(c.id))!.users.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!available)('a fleet split over shards', () => {
  const def = fleetFromCount(5, { addressBlock: '127.13.44.0/24' });
  let shards: Fleet[] = [];

  beforeAll(async () => {
    shards = await Promise.all(
      [0, 1].map((index) =>
        Fleet.start(def, { shard: { index, count: 2 }, ports: { rtsp: 0, onvif: 0 }, discovery: false }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(shards.map((s) => s.close()));
  });

  it('each shard serves its own slice and the inventories merge into the whole fleet', async () => {
    const [a, b] = shards.map((s) => s.inventory());
    expect(a!.cameras.map((c) => c.shard)).toEqual([0, 0, 0]);
    expect(b!.cameras.map((c) => c.shard)).toEqual([1, 1]);
    const merged = mergeInventories([b!, a!]);
    expect(merged.cameras.map((c) => c.id)).toEqual([
      'site-1-001',
      'site-1-002',
      'site-1-003',
      'site-1-004',
      'site-1-005',
    ]);
    const r = await ffprobe(creds(b!.cameras[0]!.rtsp.main));
    expect(r.code, r.stderr).toBe(0);
  });

  it('a fault on the fleet touches only this shard’s cameras', async () => {
    const { id } = await shards[1]!.applyFault({ kind: 'motion', target: { fleet: true } });
    expect(shards[1]!.faults()[0]!.cameras).toEqual(['site-1-004', 'site-1-005']);
    await shards[1]!.clearFault(id);
  });
});

describe.skipIf(!available)('port-per-camera mode', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await Fleet.start(fleetFromCount(3, { addressBlock: '127.13.46.0/24' }), {
      addressMode: 'port-per-camera',
      bindAddress: '127.13.45.1',
      basePort: 0,
      discovery: false,
    });
  });
  afterAll(async () => {
    await fleet?.close();
  });

  it('serves every camera on one address, each on its own ports', async () => {
    const inv = fleet.inventory();
    expect(new Set(inv.cameras.map((c) => c.address))).toEqual(new Set(['127.13.45.1']));
    expect(new Set(inv.cameras.flatMap((c) => [c.rtspPort, c.onvifPort])).size).toBe(6);
    for (const c of inv.cameras) {
      const r = await ffprobe(creds(c.rtsp.main));
      expect(r.code, r.stderr).toBe(0);
    }
  });
});
