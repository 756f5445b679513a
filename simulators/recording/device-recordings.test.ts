import { describe, expect, it } from 'vitest';
import { Camera } from '../camera/camera.ts';
import { findBuiltinModel } from '../camera/camera-model.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { ObservationLog } from '../observations/observation-log.ts';
import { builtinFaultKinds } from '../faults/builtin-fault-kinds.ts';
import { FaultRunner } from '../faults/fault-runner.ts';
import { DeviceRecordings } from './device-recordings.ts';
import { siteRecorderModel } from './recorder-model.ts';
import { recordingTokenOf } from './stored-track.ts';

const T0 = 1_800_000_000_000;
const users = [{ username: 'admin', password: 'pw', role: 'Administrator' as const }];
const fixed = findBuiltinModel('fixed-1080p')!;
const FOREVER = Number.POSITIVE_INFINITY;

function camera(id: string, k = 1): Camera {
  return new Camera({
    id,
    name: id,
    site: 'north',
    model: fixed,
    network: { address: `127.13.0.${k}`, rtspPort: 554, onvifPort: 80 },
    users,
  });
}

function rig(cameraCount = 1, store: { capacityBytes?: number; retentionMs?: number } = {}) {
  const clock = new VirtualClock(T0);
  const cameras = Array.from({ length: cameraCount }, (_, k) => camera(`north-${k + 1}`, k + 1));
  const nvr = new Camera({
    id: 'north-nvr',
    name: 'north-nvr',
    site: 'north',
    model: siteRecorderModel,
    network: { address: '127.13.0.200', rtspPort: 554, onvifPort: 80 },
    users,
    role: 'recorder',
  });
  const byId = new Map([...cameras, nvr].map((c) => [c.id, c]));
  const runner = new FaultRunner({
    registry: builtinFaultKinds(),
    clock,
    camera: (id) => byId.get(id),
    siteIndexOf: () => 0,
    sites: () => new Map(),
  });
  const capacityBytes = store.capacityBytes ?? 1e15;
  const retention = store.retentionMs === undefined ? {} : { retentionMs: store.retentionMs };
  const edge = new DeviceRecordings({
    deviceId: cameras[0]!.id,
    storage: 'edge',
    device: cameras[0]!,
    channels: [cameras[0]!],
    profile: 'main',
    capacityBytes,
    ...retention,
    clock,
  });
  const site = new DeviceRecordings({
    deviceId: nvr.id,
    storage: 'recorder',
    device: nvr,
    channels: cameras,
    profile: 'main',
    capacityBytes,
    ...retention,
    clock,
  });
  let n = 0;
  const fault = (kind: string, ids: string[], params: Record<string, unknown> = {}): (() => void) => {
    const id = `fault-${++n}`;
    runner.applyNow({ id, kind, params, cameras: ids, seed: 1, targetCountBySite: {} });
    return () => runner.clearNow(id);
  };
  const spans = (lib: DeviceRecordings, cameraId = cameras[0]!.id) =>
    lib
      .track(recordingTokenOf(cameraId))!
      .spans(-FOREVER, FOREVER)
      .map((s) => [s.startMs - T0, s.endMs - T0]);
  return { clock, cameras, nvr, edge, site, fault, spans };
}

describe('DeviceRecordings: spans follow what the camera really did', () => {
  it('a power outage is a gap from the cut to the end of the boot, on the card and the site recorder alike', () => {
    const r = rig();
    r.clock.advance(10_000);
    const clear = r.fault('outage', ['north-1'], { mode: 'power' });
    r.clock.advance(5_000);
    clear();
    r.clock.advance(fixed.bootTimeMs + 6_000);
    const expected = [
      [0, 10_000],
      [15_000 + fixed.bootTimeMs, 21_000 + fixed.bootTimeMs],
    ];
    expect(r.spans(r.edge)).toEqual(expected);
    expect(r.spans(r.site)).toEqual(expected);
  });

  it('a reboot and a stream freeze are gaps; a network outage is not (only the hub path is cut)', () => {
    const r = rig();
    r.clock.advance(1_000);
    r.fault('reboot', ['north-1']);
    r.clock.advance(fixed.bootTimeMs + 1_000);
    const unfreeze = r.fault('outage', ['north-1'], { mode: 'stream-freeze' });
    r.clock.advance(3_000);
    unfreeze();
    const reconnect = r.fault('outage', ['north-1'], { mode: 'network' });
    r.clock.advance(60_000);
    reconnect();
    r.clock.advance(1_000);
    const up = 1_000 + fixed.bootTimeMs;
    const expected = [
      [0, 1_000],
      [up, up + 1_000],
      [up + 4_000, up + 65_000],
    ];
    expect(r.spans(r.edge)).toEqual(expected);
    expect(r.spans(r.site)).toEqual(expected);
  });

  it('a site recorder without power records nothing until it has booted; the card goes on', () => {
    const r = rig();
    r.clock.advance(2_000);
    const restore = r.fault('recorder', ['north-nvr'], { mode: 'power' });
    expect(r.nvr.power).toBe('down');
    r.clock.advance(8_000);
    restore();
    r.clock.advance(siteRecorderModel.bootTimeMs + 1_000);
    expect(r.spans(r.site)).toEqual([
      [0, 2_000],
      [10_000 + siteRecorderModel.bootTimeMs, 11_000 + siteRecorderModel.bootTimeMs],
    ]);
    expect(r.spans(r.edge)).toEqual([[0, 11_000 + siteRecorderModel.bootTimeMs]]);
  });

  it('disk-full and corrupt-segment leave a gap exactly over the fault; the data before stays readable', () => {
    const r = rig();
    r.clock.advance(1_000);
    const free = r.fault('recorder', ['north-nvr'], { mode: 'disk-full' });
    expect(r.site.storing).toBe(false);
    expect(r.spans(r.site)).toEqual([[0, 1_000]]);
    r.clock.advance(2_000);
    free();
    r.clock.advance(1_000);
    const repaired = r.fault('recorder', ['north-1'], { mode: 'corrupt-segment' });
    r.clock.advance(500);
    repaired();
    r.clock.advance(500);
    expect(r.spans(r.site)).toEqual([
      [0, 1_000],
      [3_000, 5_000],
    ]);
    expect(r.spans(r.edge)).toEqual([
      [0, 4_000],
      [4_500, 5_000],
    ]);
  });

  it('a removed SD card hides the recordings and records nothing until it is back', () => {
    const r = rig();
    r.clock.advance(1_000);
    const back = r.fault('recorder', ['north-1'], { mode: 'sd-removed' });
    expect(r.edge.available).toBe(false);
    expect(r.edge.track(recordingTokenOf('north-1'))).toBeUndefined();
    expect(r.edge.tracks()).toEqual([]);
    r.clock.advance(4_000);
    back();
    r.clock.advance(1_000);
    expect(r.edge.available).toBe(true);
    expect(r.spans(r.edge)).toEqual([
      [0, 1_000],
      [5_000, 6_000],
    ]);
    expect(r.spans(r.site)).toEqual([[0, 6_000]]);
  });

  it('a client that sets the job Idle or deletes the recording stops the track (ONVIF Recording Control)', () => {
    const r = rig(2);
    r.clock.advance(1_000);
    r.site.catalog.setRecordingJobMode('job-north-1', 'Idle');
    r.clock.advance(1_000);
    r.site.catalog.setRecordingJobMode('job-north-1', 'Active');
    r.clock.advance(1_000);
    r.site.catalog.deleteRecording(recordingTokenOf('north-2'));
    r.clock.advance(1_000);
    expect(r.spans(r.site, 'north-1')).toEqual([
      [0, 1_000],
      [2_000, 4_000],
    ]);
    expect(r.site.trackOf('north-2')!.spans(-FOREVER, FOREVER)).toEqual([{ startMs: T0, endMs: T0 + 3_000 }]);
    expect(r.site.catalog.track(recordingTokenOf('north-2'))).toBeUndefined();
  });

  it('reports what a track holds whenever it changes, and says when the card is out', () => {
    const log = new ObservationLog();
    const clock = new VirtualClock(T0);
    const cam = camera('north-1');
    const runner = new FaultRunner({
      registry: builtinFaultKinds(),
      clock,
      camera: () => cam,
      siteIndexOf: () => 0,
      sites: () => new Map(),
    });
    const edge = new DeviceRecordings({
      deviceId: cam.id,
      storage: 'edge',
      device: cam,
      channels: [cam],
      profile: 'sub',
      capacityBytes: 1e12,
      clock,
      log,
    });
    expect(edge.trackOf('north-1')!.profile.name).toBe('sub');
    clock.advance(2_000);
    runner.applyNow({
      id: 'f1',
      kind: 'recorder',
      params: { mode: 'sd-removed' },
      cameras: [cam.id],
      seed: 1,
      targetCountBySite: {},
    });
    clock.advance(1_000);
    runner.clearNow('f1');
    const reports = log.all().filter((o) => o.kind === 'recorder.tracks');
    expect(
      reports.map((o) => [o.atMs - T0, o.available, o.tracks[0]!.spans.map((s) => [s.startMs - T0, s.endMs - T0])]),
    ).toEqual([
      [0, true, []],
      [2_000, false, [[0, 2_000]]],
      [3_000, true, [[0, 2_000]]],
    ]);
    expect(reports[0]).toMatchObject({
      recorder: 'north-1',
      storage: 'edge',
      site: 'north',
      tracks: [{ camera: 'north-1', recordingToken: 'rec-north-1' }],
    });
    clock.advance(1_000);
    expect(edge.observation().tracks[0]!.spans).toEqual([
      { startMs: T0, endMs: T0 + 2_000 },
      { startMs: T0 + 3_000, endMs: T0 + 4_000 },
    ]);
  });

  it('spans are clipped to the window asked for', () => {
    const r = rig();
    r.clock.advance(10_000);
    expect(r.edge.trackOf('north-1')!.spans(T0 + 2_000, T0 + 3_000)).toEqual([
      { startMs: T0 + 2_000, endMs: T0 + 3_000 },
    ]);
    expect(r.edge.trackOf('north-1')!.spans(T0 + 20_000, T0 + 30_000)).toEqual([]);
  });

  it('close() ends every span at that instant and stops following the camera', () => {
    const r = rig();
    r.clock.advance(3_000);
    r.edge.close();
    r.edge.close();
    r.clock.advance(3_000);
    expect(r.spans(r.edge)).toEqual([[0, 3_000]]);
  });
});

describe('DeviceRecordings: retention and the disk budget overwrite the oldest', () => {
  it('retention deletes what is older than it', () => {
    const r = rig(1, { retentionMs: 60_000 });
    r.clock.advance(10_000);
    r.fault('reboot', ['north-1']);
    r.clock.advance(300_000);
    expect(r.spans(r.edge)).toEqual([[250_000, 310_000]]);
  });

  it('a full disk keeps the newest data that fits, taking the oldest instants of every track first', () => {
    // 4000 kbit/s is 500 bytes per ms: the budget holds one minute of both cameras.
    const bytesPerMs = fixed.profiles[0]!.bitrateKbps / 8;
    const r = rig(2, { capacityBytes: 2 * bytesPerMs * 60_000 });
    r.clock.advance(30_000);
    r.fault('outage', ['north-2'], { mode: 'power' });
    r.clock.advance(90_000);
    // north-2 stopped at 30 s; the minute's worth of both cameras now reaches back to before that.
    const siteNorth1 = r.spans(r.site, 'north-1');
    const siteNorth2 = r.spans(r.site, 'north-2');
    const keptMs = (spans: number[][]) => spans.reduce((n, [s, e]) => n + e! - s!, 0);
    expect(keptMs(siteNorth1) + keptMs(siteNorth2)).toBeCloseTo(120_000, 3);
    expect(siteNorth1).toEqual([[siteNorth2[0]![0]!, 120_000]]);
    expect(siteNorth2[0]![1]).toBe(30_000);
    expect(r.site.store.usedBytes()).toBeLessThanOrEqual(r.site.store.capacityBytes + 1e-6);
    // The card has its own budget: one camera, so two minutes.
    expect(r.spans(r.edge)).toEqual([[0, 120_000]]);
    r.clock.advance(60_000);
    expect(r.spans(r.edge)).toEqual([[60_000, 180_000]]);
  });

  it('what was overwritten never comes back, even when a corrupt segment later frees room', () => {
    const bytesPerMs = fixed.profiles[0]!.bitrateKbps / 8;
    const r = rig(1, { capacityBytes: bytesPerMs * 10_000 });
    r.clock.advance(20_000);
    const repaired = r.fault('recorder', ['north-1'], { mode: 'corrupt-segment' });
    r.clock.advance(5_000);
    repaired();
    r.clock.advance(1_000);
    // Full at 20 s (floor 10 s); the gap frees 5 s of room but the floor stays: one more second of data, one more overwritten.
    expect(r.spans(r.edge)).toEqual([
      [11_000, 20_000],
      [25_000, 26_000],
    ]);
  });
});

describe('DeviceRecordings at estate scale: media stays virtual', () => {
  it('500 cameras for a week, rebooting every six hours, hold a bounded number of spans', () => {
    const clock = new VirtualClock(T0);
    const cameras = Array.from({ length: 500 }, (_, k) => camera(`north-${k + 1}`, k + 1));
    const nvr = new Camera({
      id: 'north-nvr',
      name: 'north-nvr',
      site: 'north',
      model: siteRecorderModel,
      network: { address: '127.13.1.1', rtspPort: 554, onvifPort: 80 },
      users,
      role: 'recorder',
    });
    const byId = new Map([...cameras, nvr].map((c) => [c.id, c]));
    const runner = new FaultRunner({
      registry: builtinFaultKinds(),
      clock,
      camera: (id) => byId.get(id),
      siteIndexOf: () => 0,
      sites: () => new Map(),
    });
    const dayMs = 86_400_000;
    // 32 TB: about 35 hours of 500 cameras at 4 Mbit/s, so the disk overwrites for most of the week.
    const site = new DeviceRecordings({
      deviceId: nvr.id,
      storage: 'recorder',
      device: nvr,
      channels: cameras,
      profile: 'main',
      capacityBytes: 32e12,
      clock,
    });
    const edges = cameras.map(
      (c) =>
        new DeviceRecordings({
          deviceId: c.id,
          storage: 'edge',
          device: c,
          channels: [c],
          profile: 'main',
          capacityBytes: 128e9,
          retentionMs: dayMs,
          clock,
        }),
    );
    const sixHoursMs = 6 * 3_600_000;
    let n = 0;
    for (let t = 0; t < 7 * dayMs; t += sixHoursMs) {
      runner.applyNow({
        id: `fault-${++n}`,
        kind: 'reboot',
        params: {},
        cameras: cameras.map((c) => c.id),
        seed: 1,
        targetCountBySite: {},
      });
      clock.advance(sixHoursMs);
    }
    site.store.enforce();
    const siteSpans = site.tracks().reduce((sum, t) => sum + t.timeline.spanCount, 0);
    const edgeSpans = edges.reduce((sum, e) => sum + e.tracks()[0]!.timeline.spanCount, 0);
    // 35 hours of overwriting disk hold at most 7 reboots per track (+1 open span); a day of card at most 5.
    expect(siteSpans).toBeLessThanOrEqual(500 * 8);
    expect(edgeSpans).toBeLessThanOrEqual(500 * 5);
    expect(site.store.usedBytes()).toBeLessThanOrEqual(32e12 + 1);
    expect(site.store.usedBytes()).toBeGreaterThan(0.99 * 32e12);
    const first = site.trackOf('north-1')!.spans(-FOREVER, FOREVER);
    expect(first.at(-1)!.endMs).toBe(clock.now());
    expect(first[0]!.startMs).toBeGreaterThan(clock.now() - 36 * 3_600_000);
  });
});
