import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../simulators/clock/virtual-clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { Backfiller, type BackfillPolicy, type RecordingDevice } from './backfiller.ts';
import type { ReplayedPicture } from './replay-fetch.ts';
import type { StoredPicture } from './segment-recorder.ts';

const t0 = 1_000_000;
const camera = {
  id: 'cam-1',
  username: 'hub',
  password: 'pw',
  onvif: 'http://127.0.0.1/onvif/device_service',
} as InventoryCamera;

/** A camera whose card holds one recording from t0 on; replay answers 25 fps of the range asked for. */
function rig(policy: BackfillPolicy, opts: { keeps?: boolean; failFirst?: number } = {}) {
  const clock = new VirtualClock(t0);
  const calls: string[] = [];
  const stored: { pictures: readonly StoredPicture[]; startMs: number; endMs: number }[] = [];
  let failures = opts.failFirst ?? 0;
  const device: RecordingDevice = {
    keepsRecordings: async () => {
      calls.push('GetServices');
      if (failures-- > 0) throw new Error('unreachable');
      return opts.keeps ?? true;
    },
    findRecordings: async () => (
      calls.push('FindRecordings'),
      [
        {
          token: 'SD_1',
          sourceId: 'cam-1',
          sourceName: 'cam-1',
          sourceAddress: '',
          earliestMs: t0,
          latestMs: t0 + 600_000,
        },
      ]
    ),
    replayUri: async (token) => (calls.push(`GetReplayUri ${token}`), `rtsp://127.0.0.1/replay/${token}`),
    deleteRecording: async (token) => void calls.push(`DeleteRecording ${token}`),
  };
  const backfiller = new Backfiller({
    policy,
    clock,
    deviceFor: () => device,
    fetch: async (uri, _camera, fromMs, toMs) => {
      calls.push(`replay ${uri} ${fromMs - t0}..${toMs - t0}`);
      const out: ReplayedPicture[] = [];
      for (let t = fromMs; t <= toMs; t += 40)
        out.push({
          frame: { stamp: { cameraId: 'cam-1', frame: t / 40, sendTimeMs: t, replayed: true } },
          extensionMs: t,
        });
      return out;
    },
    store: async (_camera, pictures, startMs, endMs) => void stored.push({ pictures, startMs, endMs }),
    log: () => undefined,
  });
  /** Live pictures from `fromMs` to `toMs` after t0, at 25 fps. */
  const live = (fromMs: number, toMs: number) => {
    while (clock.now() < t0 + fromMs) clock.advance(40);
    for (; clock.now() <= t0 + toMs; clock.advance(40)) backfiller.picture(camera);
  };
  return { clock, calls, stored, backfiller, live };
}

describe('Backfiller: fetches what a camera kept while it was out of reach', () => {
  it('searches, replays the gap (with a margin) and files the pictures under the capture time the replay gives', async () => {
    const { calls, stored, backfiller, live } = rig('edge');
    live(0, 10_000);
    live(70_000, 71_000);
    await backfiller.close();
    expect(calls).toEqual([
      'GetServices',
      'FindRecordings',
      'GetReplayUri SD_1',
      'replay rtsp://127.0.0.1/replay/SD_1 9000..71000',
    ]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.startMs).toBe(t0 + 9_000);
    expect(stored[0]!.pictures.every((p) => p.hubTimeMs === p.frame.stamp?.sendTimeMs)).toBe(true);
  });

  it('a hub that files them under their arrival time', async () => {
    const { stored, backfiller, live } = rig('edge-at-arrival');
    live(0, 10_000);
    live(70_000, 70_000);
    await backfiller.close();
    const times = new Set(stored[0]!.pictures.map((p) => p.hubTimeMs));
    expect(times.size).toBe(1);
    expect([...times][0]).toBeGreaterThanOrEqual(t0 + 70_000);
    expect(stored[0]!.pictures[0]!.frame.stamp?.sendTimeMs).toBe(t0 + 9_000);
  });

  it('a hub that deletes what it fetched from', async () => {
    const { calls, backfiller, live } = rig('edge-then-delete');
    live(0, 10_000);
    live(70_000, 70_000);
    await backfiller.close();
    expect(calls.at(-1)).toBe('DeleteRecording SD_1');
  });

  it('fetches nothing for pictures that never stopped, for a hub that does not backfill, or from a camera without storage', async () => {
    for (const [policy, keeps, gapAt] of [
      ['edge', true, 4_000],
      ['none', true, 60_000],
      ['edge', false, 60_000],
    ] as const) {
      const { calls, stored, backfiller, live } = rig(policy, { keeps });
      live(0, 10_000);
      live(10_000 + gapAt, 10_000 + gapAt + 1_000);
      await backfiller.close();
      expect(stored).toEqual([]);
      expect(calls.filter((c) => c !== 'GetServices')).toEqual([]);
    }
  });

  it('retries a device that does not answer right after the link returns', async () => {
    const { calls, stored, backfiller, live, clock } = rig('edge', { failFirst: 2 });
    live(0, 10_000);
    live(70_000, 70_000);
    for (let i = 0; i < 3; i++) {
      await Promise.resolve();
      await Promise.resolve();
      clock.advance(3_000);
    }
    await backfiller.close();
    expect(calls.filter((c) => c === 'GetServices')).toHaveLength(3);
    expect(stored).toHaveLength(1);
  });

  it('fetches one gap at a time, however many cameras come back at once', async () => {
    const clock = new VirtualClock(t0);
    const events: string[] = [];
    const device: RecordingDevice = {
      keepsRecordings: async () => true,
      findRecordings: async () => [
        { token: 'SD_1', sourceId: '', sourceName: '', sourceAddress: '', earliestMs: t0, latestMs: t0 + 600_000 },
      ],
      replayUri: async () => 'rtsp://127.0.0.1/replay/SD_1',
      deleteRecording: async () => undefined,
    };
    const backfiller = new Backfiller({
      policy: 'edge',
      clock,
      deviceFor: () => device,
      fetch: async (_uri, c) => {
        events.push(`start ${c.id}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${c.id}`);
        return [];
      },
      store: async () => undefined,
      log: () => undefined,
    });
    const cams = ['a', 'b', 'c'].map((id) => ({ ...camera, id }) as InventoryCamera);
    for (const c of cams) backfiller.picture(c);
    clock.advance(60_000);
    for (const c of cams) backfiller.picture(c);
    await backfiller.close();
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
