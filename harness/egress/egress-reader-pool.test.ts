import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/clock/virtual-clock.ts';
import { ObservationLog } from '../../simulators/observations/observation-log.ts';
import { EgressWatcher } from './egress-watcher.ts';
import {
  readEgress,
  scriptedEgressChannel,
  type ScriptedFrame,
  type ScriptMessage,
} from './fixtures/scripted-egress-reader.ts';

const readModule = new URL('./fixtures/scripted-egress-reader.ts', import.meta.url).href;

/** Drives every scripted read of both watchers, waiting for each reader's answer. */
class Script {
  private readonly channel = new BroadcastChannel(scriptedEgressChannel);
  private readonly ready = new Map<string, number>();
  private readonly acks = new Map<string, number>();
  private seq = 0;

  constructor() {
    this.channel.onmessage = (event) => {
      const msg = (event as { data: ScriptMessage }).data;
      if (msg.type === 'ready') this.ready.set(msg.url, (this.ready.get(msg.url) ?? 0) + 1);
      if (msg.type === 'ack') this.acks.set(`${msg.url} ${msg.seq}`, (this.acks.get(`${msg.url} ${msg.seq}`) ?? 0) + 1);
    };
  }

  /** Waits until `n` reads of the URL have started in all (both watchers read each URL). */
  async readsStarted(url: string, n: number): Promise<void> {
    await expect.poll(() => this.ready.get(url) ?? 0, { timeout: 20_000 }).toBe(n);
  }

  /** Plays frames (and then a failure) into both readers of `url`, once both have played them. */
  async play(url: string, nowMs: number, frames: ScriptedFrame[], fail?: string): Promise<void> {
    const seq = ++this.seq;
    this.channel.postMessage({ type: 'script', url, seq, nowMs, frames, ...(fail !== undefined ? { fail } : {}) });
    await expect.poll(() => this.acks.get(`${url} ${seq}`) ?? 0, { timeout: 20_000 }).toBe(2);
  }

  close(): void {
    this.channel.close();
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('EgressWatcher with workers', () => {
  it('records the same observations as on one thread for the same frames, and ends its workers', async () => {
    const clock = new VirtualClock(50_000);
    const alone = new ObservationLog();
    const pooled = new ObservationLog();
    const common = { hub: 'hub', clock, protocol: 'rtsp' as const, intervalMs: 1000, retryMs: 50 };
    const one = new EgressWatcher({ ...common, log: alone, read: readEgress });
    const sharded = new EgressWatcher({ ...common, log: pooled, workers: 2, readModule });
    const script = new Script();
    cleanup.push(async () => {
      script.close();
      await Promise.all([one.close(), sharded.close()]);
    });
    expect(sharded.pool?.size).toBe(2);
    const cams = ['c1', 'c2', 'c3', 'c4', 'c5'];
    for (const w of [one, sharded]) for (const c of cams) w.watch(c, `scripted://${c}`);
    expect(sharded.pool!.shares).toEqual([3, 2]);
    for (const c of cams) await script.readsStarted(`scripted://${c}`, 2);

    // Interval 1: repeats, another camera's frames, unstamped frames, a silent camera.
    await script.play('scripted://c1', 50_000, [
      ['c1', 1, 49_900],
      ['c1', 2, 49_950.5],
      ['c1', 2, 49_950.5],
      'unstamped',
    ]);
    await script.play('scripted://c2', 50_000, [
      ['c9', 7, 49_000],
      ['c9', 7, 49_000],
      ['c2', 3, 49_990],
    ]);
    await script.play('scripted://c4', 50_000, [['c4', 1, 49_999]], 'RTSP/1.0 454 Session Not Found');
    clock.advance(1000);
    // Interval 2: c4 reads again (its failure told once), c2 is released mid-interval.
    await script.readsStarted('scripted://c4', 4);
    await script.play('scripted://c4', 51_000, [['c4', 2, 50_980]], 'RTSP/1.0 454 Session Not Found');
    await script.readsStarted('scripted://c4', 6);
    await script.play('scripted://c5', 51_000, [['c5', 1, 50_500]]);
    await script.play('scripted://c2', 51_000, ['unstamped']);
    clock.advance(500);
    for (const w of [one, sharded]) w.unwatch('c2');
    clock.advance(500);
    await script.play('scripted://c1', 52_000, [
      ['c1', 2, 49_950.5],
      ['c1', 3, 51_990],
    ]);
    clock.advance(1000);
    await Promise.all([one.close(), sharded.close()]);
    // Every reader let go, so each worker ended by itself.
    expect([sharded.pool!.live, sharded.pool!.terminated]).toEqual([0, 0]);

    const rows = (log: ObservationLog) =>
      log
        .ofKind('hub.egress')
        .map(({ atMs, camera, frames, latencyMs, foreignFrames, unstampedFrames }) => [
          atMs,
          camera,
          frames,
          latencyMs,
          foreignFrames,
          unstampedFrames,
        ]);
    const told = (log: ObservationLog) => log.ofKind('hub.log').map((o) => o.message);
    expect(rows(pooled)).toEqual(rows(alone));
    expect(told(pooled)).toEqual(told(alone));
    // What both recorded is what was played, not two empty logs.
    expect(rows(alone).filter((r) => r[2] !== 0 || r[4] !== 0 || r[5] !== 0)).toEqual([
      [51_000, 'c1', 2, [100, 49.5], 0, 1],
      [51_000, 'c2', 1, [10], 1, 0],
      [51_000, 'c4', 1, [1], 0, 0],
      [51_500, 'c2', 0, [], 0, 1],
      [52_000, 'c4', 1, [20], 0, 0],
      [52_000, 'c5', 1, [500], 0, 0],
      [53_000, 'c1', 1, [10], 0, 0],
    ]);
    expect(rows(alone).length).toBe(5 + 5 + 4 + 4);
    // Told again in interval 2: frames came back in between.
    const failure = 'egress of c4 (rtsp scripted://c4): RTSP/1.0 454 Session Not Found; reading again';
    expect(told(alone)).toEqual([failure, failure]);
  }, 60_000);
});
