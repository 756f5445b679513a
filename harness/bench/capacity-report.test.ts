import { describe, expect, it } from 'vitest';
import { findBuiltinModel } from '../../simulators/camera/camera-model.ts';
import type { SessionsMeasured } from '../../simulators/rtsp/bench/measure-sessions.ts';
import { capacityJson, capacityTable, fleetBenchSchema, type CapacityMeasurements } from './capacity-report.ts';

const model = findBuiltinModel('fixed-1080p')!;
const profile = (name: 'main' | 'sub') => model.profiles.find((p) => p.name === name)!;

/** A measurement whose CPU, unless given by slice, fell evenly over four slices of the window. */
function measured(over: Partial<SessionsMeasured>): SessionsMeasured {
  const cpuUs = over.serverCpuUs ?? 0;
  return {
    serverCpuSlices: Array.from({ length: 4 }, () => ({ cpuUs: cpuUs / 4, ms: 2000 })),
    server: 'simulator',
    profile: 'main',
    sessionsAsked: 400,
    sessionsOpen: 400,
    openFailures: 0,
    firstOpenError: undefined,
    windowMs: 8000,
    serverCpuUs: 0,
    readerCpuUs: 1_000_000,
    framesReceived: 400 * 25 * 8,
    lateFrames: 0,
    framesSent: 400 * 25 * 8,
    framesDropped: 0,
    memoryIdle: { rssKb: 100_000, heapKb: 20_000 },
    memoryPlaying: { rssKb: 100_000, heapKb: 20_000 },
    ...over,
  };
}

const fleet = fleetBenchSchema.parse({
  cameras: 5000,
  sites: 3,
  workers: 0,
  discovery: true,
  start_ms: 2835.5,
  verify_ms: 2680.3,
  rss_kib_per_camera: 38.9,
  heap_kib_per_camera: 28.1,
  outage_cameras: 1000,
  outage_apply_ms: 64.1,
  outage_clear_ms: 24.2,
  floor_start_ms: 262.3,
  floor_verify_ms: 2228,
  floor_rss_kib_per_camera: 3.3,
});

const run: CapacityMeasurements = {
  model: { id: model.id, manufacturer: model.manufacturer, model: model.model },
  cores: 2,
  loadAverage: { start: 0.71, end: 1.234 },
  main: {
    profile: profile('main'),
    // 400 streams over 8 s = 3200 stream-seconds; 1.6 s of CPU = 500 us each, so 2000 streams per core.
    simulator: measured({
      serverCpuUs: 1_600_000,
      lateFrames: 80,
      memoryPlaying: { rssKb: 100_000 + 400 * 80, heapKb: 20_000 + 400 * 12 },
    }),
    // 1.28 s: 400 us per stream-second, 2500 streams per core.
    floor: measured({
      server: 'floor',
      serverCpuUs: 1_280_000,
      memoryPlaying: { rssKb: 100_000 + 400 * 64, heapKb: 20_000 + 400 * 2 },
    }),
  },
  sub: {
    profile: profile('sub'),
    // Ten sessions failed to open: 390 streams over 8 s, 0.78 s = 250 us each, 4000 streams per core.
    simulator: measured({
      profile: 'sub',
      sessionsOpen: 390,
      openFailures: 10,
      serverCpuUs: 780_000,
      framesReceived: 390 * 25 * 8 - 78,
      framesSent: 390 * 25 * 8 - 78,
      framesDropped: 78,
      // The allocator handed pages back: a negative delta is shown, its ratio is not.
      memoryPlaying: { rssKb: 100_000 - 3900, heapKb: 20_000 + 390 * 10 },
    }),
    floor: measured({ server: 'floor', profile: 'sub', serverCpuUs: 640_000 }),
  },
  fleet,
};

describe('capacityJson', () => {
  const json = capacityJson(run);

  it('turns CPU per stream-second into streams per core, beside the floor and their ratio', () => {
    expect(json.main.simulator.cpu_us_per_stream_second).toBe(500);
    expect(json.main.simulator.streams_per_core).toBe(2000);
    expect(json.main.floor.cpu_us_per_stream_second).toBe(400);
    expect(json.main.floor.streams_per_core).toBe(2500);
    expect(json.main.cpu_ratio).toBe(1.25);
    // Streams per core counts the sessions that stayed open, not those asked for.
    expect(json.sub.simulator.sessions).toBe(390);
    expect(json.sub.sessions_asked).toBe(400);
    expect(json.sub.simulator.streams_per_core).toBe(4000);
    expect(json.sub.floor.streams_per_core).toBe(5000);
    expect(json.sub.cpu_ratio).toBe(1.25);
  });

  it('says a figure did not hold when 1% or more of the frames came late or were skipped', () => {
    const busy = (over: Partial<SessionsMeasured>) =>
      capacityJson({ ...run, main: { ...run.main, simulator: measured({ serverCpuUs: 1_600_000, ...over }) } });
    expect(busy({ lateFrames: 800 }).main.simulator.held).toBe(false);
    expect(busy({ lateFrames: 799 }).main.simulator.held).toBe(true);
    expect(busy({ framesSent: 79_200, framesDropped: 800 }).main.simulator.held).toBe(false);
    expect(capacityTable(busy({ lateFrames: 8000 }), run.model)).toMatch(/1\.25x +NOT HELD: late 10\.00%/);
  });

  it('takes the median slice of the window, so a burst of other work in one slice does not set the figure', () => {
    const burst = capacityJson({
      ...run,
      main: {
        ...run.main,
        simulator: measured({
          serverCpuUs: 2_400_000,
          // 400 streams: 500, 480, 520 and (the burst) 1500 us per stream-second; each slice's own length counts.
          serverCpuSlices: [
            { cpuUs: 400_000, ms: 2000 },
            { cpuUs: 384_000, ms: 2000 },
            { cpuUs: 436_800, ms: 2100 },
            { cpuUs: 1_140_000, ms: 1900 },
          ],
        }),
      },
    });
    expect(burst.main.simulator.cpu_us_per_stream_second).toBe(510);
    expect(burst.main.simulator.streams_per_core).toBe(1961);
  });

  it('gives the late, delivered and dropped frame ratios at that load', () => {
    expect(json.main.simulator.late_frame_ratio).toBe(0.001);
    expect(json.main.simulator.delivered_ratio).toBe(1);
    expect(json.main.simulator.dropped_frame_ratio).toBe(0);
    expect(json.sub.simulator.delivered_ratio).toBe(0.999);
    expect(json.sub.simulator.dropped_frame_ratio).toBe(0.001);
    expect(json.main.simulator.held).toBe(true);
    expect(json.sub.simulator.held).toBe(true);
    expect(json.main.window_s).toBe(8);
    expect(json.main).toMatchObject({ width: 1920, height: 1080, fps: 25, bitrate_kbps: 4000, codec: 'h264' });
    expect(json.sub).toMatchObject({ width: 640, height: 360, fps: 25, bitrate_kbps: 512 });
  });

  it('shares the memory delta after GC out over the open sessions, negative ones kept but not compared', () => {
    expect(json.main.simulator.rss_kib_per_session).toBe(80);
    expect(json.main.simulator.heap_kib_per_session).toBe(12);
    expect(json.main.floor.rss_kib_per_session).toBe(64);
    expect(json.main.rss_ratio).toBe(1.25);
    expect(json.main.floor.heap_kib_per_session).toBe(2);
    expect(json.main.heap_ratio).toBe(6);
    expect(json.sub.simulator.rss_kib_per_session).toBe(-10);
    expect(json.sub.simulator.heap_kib_per_session).toBe(10);
    expect(json.sub.rss_ratio).toBeNull();
    expect(json.sub.heap_ratio).toBeNull();
  });

  it('carries the idle fleet: memory per camera beside the bare listeners, and the fleet line itself', () => {
    expect(json.idle_camera).toEqual({
      cameras: 5000,
      rss_kib: 38.9,
      heap_kib: 28.1,
      floor_rss_kib: 3.3,
      memory_ratio: 11.79,
    });
    expect(json.fleet).toEqual(fleet);
    expect(json).toMatchObject({ model: 'fixed-1080p', cores: 2, load_average_start: 0.71, load_average_end: 1.23 });
  });

  it('has no memory ratio per camera when the fleet ran on worker threads', () => {
    const workers = capacityJson({
      ...run,
      fleet: { ...fleet, workers: 2, rss_kib_per_camera: null, heap_kib_per_camera: null },
    });
    expect(workers.idle_camera.rss_kib).toBeNull();
    expect(workers.idle_camera.memory_ratio).toBeNull();
    expect(capacityTable(workers, run.model)).toMatch(/RSS per idle camera +n\/a +3\.3 KiB +n\/a/);
  });

  it('survives a round trip through JSON unchanged (no NaN or undefined in the line)', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('capacityTable', () => {
  const table = capacityTable(capacityJson(run), run.model);

  it('prints one row per figure: simulator, floor, the ratio, then what qualifies it', () => {
    expect(table).toContain(
      'fixed-1080p (Camlab Optics CL-B1080) on 2 cores, load average 0.71 at the start, 1.23 at the end',
    );
    expect(table).toMatch(/main +h264 1920x1080 25 fps 4000 kbps: 400 sessions, 8 s window/);
    expect(table).toMatch(
      /streams per core +2000 +2500 +1\.25x +held: late 0\.10%, skipped 0\.00%, delivered 100\.0% \(floor held: 0\.00%, 0\.00%, 100\.0%\)/,
    );
    expect(table).toMatch(/RSS per session +80\.0 KiB +64\.0 KiB +1\.25x +after GC/);
    expect(table).toMatch(/heap per session +12\.0 KiB +2\.0 KiB +6\.00x /);
    expect(table).toMatch(/sub +h264 640x360 25 fps 512 kbps/);
    expect(table).toMatch(/streams per core +4000 \(390 of 400 open\) +5000 +1\.25x/);
    expect(table).toMatch(/RSS per session +-10\.0 KiB +0\.0 KiB +n\/a/);
    expect(table).toMatch(/RSS per idle camera +38\.9 KiB +3\.3 KiB +11\.79x +heap 28\.1 KiB/);
    expect(table).toMatch(/outage on 1000 cameras applied in 64 ms, cleared in 24 ms/);
  });
});

describe('fleetBenchSchema', () => {
  it("names the field when the fleet bench's line is not what camlab bench reads", () => {
    const bad = fleetBenchSchema.safeParse({ ...fleet, floor_rss_kib_per_camera: 'x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['floor_rss_kib_per_camera']);
  });
});
