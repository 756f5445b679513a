import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../simulators/clock/virtual-clock.ts';
import { CameraPuller, type PullEvents, type PullSpawner } from './camera-puller.ts';
import { miniHubVariants, type MiniHubVariant } from './pull-policy.ts';

/** A stand-in stream: the test says when frames arrive and when the connection drops. */
class FakeStream {
  events: PullEvents | undefined;
  frames = 0;
  spawns: number[] = [];
  urls: string[] = [];
  kills = 0;
  reading = true;
  constructor(private readonly clock: VirtualClock) {}
  spawn: PullSpawner = (url, events) => {
    this.spawns.push(this.clock.now());
    this.urls.push(url);
    this.events = events;
    this.frames = 0;
    return {
      kill: () => {
        this.kills++;
        this.drop();
      },
      stopReading: () => {
        this.reading = false;
      },
    };
  };
  /** Frames at 24 a second; `frozen`: every picture the same image. */
  flow(seconds: number, frozen = false): void {
    for (let i = 0; i < seconds * 4; i++) {
      for (let f = 0; f < 6 && this.reading; f++) {
        this.frames++;
        this.events?.frame({ stamp: undefined });
        this.events?.picture?.(frozen ? 'same' : `picture-${this.frames}`);
      }
      this.clock.advance(250);
    }
  }
  /** Audio packets alone, about 50 a second: a stream back without its video. */
  audio(seconds: number): void {
    for (let i = 0; i < seconds * 4; i++) {
      for (let p = 0; p < 12; p++) this.events?.packet?.();
      this.clock.advance(250);
    }
  }
  drop(): void {
    const e = this.events;
    this.events = undefined;
    e?.exit();
  }
}

function setup(variant: MiniHubVariant) {
  const clock = new VirtualClock(1_000_000);
  const stream = new FakeStream(clock);
  const alarms: string[] = [];
  const knocks: number[] = [];
  let open = false;
  const knock = async () => (knocks.push(clock.now()), open);
  const puller = new CameraPuller('rtsp://cam/main', stream.spawn, clock, miniHubVariants[variant], {
    onAlarm: (s) => alarms.push(`${clock.now() - 1_000_000}:${s}`),
    knock,
  });
  return { clock, stream, alarms, puller, knocks, setOpen: (v: boolean) => (open = v) };
}

describe('CameraPuller', () => {
  it('well-behaved: backs off, raises the alarm after the stall bound, clears it when frames return', () => {
    const { clock, stream, alarms, puller } = setup('well-behaved');
    stream.flow(20);
    stream.drop();
    // Refused reconnects: each one fails at once.
    for (let i = 0; i < 40; i++) {
      clock.advance(250);
      if (stream.events) stream.drop();
    }
    const gaps = stream.spawns.slice(1).map((t, i) => t - stream.spawns[i]!);
    expect(gaps.slice(1)).toEqual([...gaps.slice(1)].sort((a, b) => a - b));
    expect(stream.spawns.length).toBeLessThanOrEqual(6);
    expect(alarms).toEqual(['25000:raised']);
    clock.advance(6_000);
    stream.flow(2);
    expect(alarms.at(-1)).toMatch(/cleared$/);
    puller.stop();
  });

  it('retarget: a camera that moved is pulled at its new URL at once, and its alarm clears when frames return', () => {
    const { clock, stream, alarms, puller } = setup('well-behaved');
    stream.flow(10);
    stream.drop();
    for (let i = 0; i < 40; i++) {
      clock.advance(250);
      if (stream.events) stream.drop();
    }
    expect(alarms).toEqual(['15000:raised']);
    const before = stream.spawns.length;
    puller.retarget('rtsp://moved/main');
    expect(stream.spawns).toHaveLength(before + 1);
    expect(stream.urls.at(-1)).toBe('rtsp://moved/main');
    stream.flow(2);
    expect(alarms.at(-1)).toMatch(/cleared$/);
    puller.stop();
  });

  it('well-behaved: notices a frozen stream with its socket open and reconnects', () => {
    const { clock, stream, alarms, puller } = setup('well-behaved');
    stream.flow(10);
    clock.advance(7_000);
    expect(stream.kills).toBe(1);
    expect(alarms).toEqual(['15000:raised']);
    puller.stop();
  });

  it('well-behaved: a frozen picture (frames flow, every image the same) raises the alarm after the stall bound, a new image clears it', () => {
    const { stream, alarms, puller } = setup('well-behaved');
    stream.flow(10);
    stream.flow(10, true);
    // Frames still flow: the pull is kept.
    expect(stream.kills).toBe(0);
    expect(alarms).toEqual(['15000:raised']);
    stream.flow(2);
    expect(alarms).toEqual(['15000:raised', '20000:cleared']);
    puller.stop();
  });

  it('ignores-frozen: a frozen picture raises nothing', () => {
    const { stream, alarms, puller } = setup('ignores-frozen');
    stream.flow(5);
    stream.flow(20, true);
    expect(alarms).toEqual([]);
    puller.stop();
  });

  it('ignores-frozen: a silent open session raises nothing and is never dropped', () => {
    const { clock, stream, alarms, puller } = setup('ignores-frozen');
    stream.flow(10);
    clock.advance(30_000);
    expect(stream.kills).toBe(0);
    expect(alarms).toEqual([]);
    // It still notices a closed socket.
    stream.drop();
    clock.advance(6_000);
    expect(alarms).toHaveLength(1);
    puller.stop();
  });

  /** Streams 10 s, loses the connection, is refused for 8 s, then answers with its audio alone for 30 s. */
  function backWithAudioOnly(variant: MiniHubVariant) {
    const t = setup(variant);
    t.stream.flow(10);
    t.stream.drop();
    for (let i = 0; i < 32; i++) {
      t.clock.advance(250);
      if (t.stream.events) t.stream.drop();
    }
    const killsBefore = t.stream.kills;
    t.stream.audio(30);
    return { ...t, killsAfter: t.stream.kills - killsBefore };
  }

  it('well-behaved: a stream back with its audio alone shows no picture: the alarm stays up and the pull is dropped', () => {
    const { alarms, puller, killsAfter } = backWithAudioOnly('well-behaved');
    expect(alarms).toEqual(['15000:raised']);
    expect(killsAfter).toBeGreaterThan(0);
    puller.stop();
  });

  it('accepts-audio-only: a stream back with its audio alone clears the alarm, and the pull is kept', () => {
    const { alarms, puller, killsAfter } = backWithAudioOnly('accepts-audio-only');
    expect(alarms).toHaveLength(2);
    expect(alarms[0]).toBe('15000:raised');
    expect(alarms[1]).toMatch(/^(1[89]|2[0-3])\d{3}:cleared$/);
    expect(killsAfter).toBe(0);
    puller.stop();
  });

  it('never-reconnects: one attempt, then nothing', () => {
    const { clock, stream, puller } = setup('never-reconnects');
    stream.flow(5);
    stream.drop();
    clock.advance(60_000);
    expect(stream.spawns).toHaveLength(1);
    puller.stop();
  });

  it('tight-loop: knocks on the port flat out while the camera refuses, then pulls', async () => {
    const { clock, stream, puller, knocks, setOpen } = setup('tight-loop');
    stream.flow(5);
    stream.drop();
    for (let i = 0; i < 100; i++) {
      clock.advance(20);
      await Promise.resolve();
    }
    expect(knocks.length).toBeGreaterThan(50);
    expect(stream.spawns).toHaveLength(1);
    setOpen(true);
    clock.advance(20);
    await Promise.resolve();
    await Promise.resolve();
    expect(stream.spawns).toHaveLength(2);
    puller.stop();
  });

  it('pulses-alarms: raises and clears the offline alarm every few seconds while frames flow', () => {
    const { stream, alarms, puller } = setup('pulses-alarms');
    stream.flow(12);
    expect(alarms.filter((a) => a.endsWith('raised')).length).toBeGreaterThanOrEqual(2);
    expect(alarms.filter((a) => a.endsWith('cleared')).length).toBeGreaterThanOrEqual(2);
    puller.stop();
  });

  it('clears-alarms-early: clears the alarm while the camera is still silent, and does not raise it again', () => {
    const { clock, stream, alarms, puller } = setup('clears-alarms-early');
    stream.flow(5);
    stream.drop();
    clock.advance(30_000);
    expect(alarms.map((a) => a.split(':')[1])).toEqual(['raised', 'cleared']);
    const [raisedMs, clearedMs] = alarms.map((a) => Number(a.split(':')[0]));
    expect(clearedMs! - raisedMs!).toBe(miniHubVariants['clears-alarms-early'].clearEarlyMs);
    puller.stop();
  });

  it('tears-down: tears the stream down after its first frames and never pulls again, without an alarm', () => {
    const { clock, stream, alarms, puller } = setup('tears-down');
    stream.flow(5);
    expect(stream.kills).toBe(1);
    clock.advance(60_000);
    expect(stream.spawns).toHaveLength(1);
    expect(alarms).toEqual([]);
    puller.stop();
  });

  it('stops-reading: stops reading after its first frames, keeps the connection, raises nothing', () => {
    const { clock, stream, alarms, puller } = setup('stops-reading');
    stream.flow(5);
    expect(stream.reading).toBe(false);
    clock.advance(60_000);
    expect(stream.kills).toBe(0);
    expect(alarms).toEqual([]);
    puller.stop();
  });

  it('gives-up-on-stale-nonce: a refused health check ends the pull for good; well-behaved keeps pulling', async () => {
    for (const [variant, refusedGivesUp] of [
      ['gives-up-on-stale-nonce', true],
      ['well-behaved', false],
    ] as const) {
      const clock = new VirtualClock(1_000_000);
      const stream = new FakeStream(clock);
      const policy = miniHubVariants[variant];
      const puller = new CameraPuller('rtsp://cam/main', stream.spawn, clock, policy, {
        onAlarm: () => undefined,
        healthCheck: async () => (policy.staleNonce === 'give-up' ? 'refused' : 'ok'),
      });
      stream.flow(6);
      await Promise.resolve();
      await Promise.resolve();
      stream.flow(20);
      expect(stream.kills, variant).toBe(refusedGivesUp ? 1 : 0);
      expect(stream.spawns, variant).toHaveLength(1);
      puller.stop();
    }
  });

  it('fragile: drops a pull whose frame rate halves and never pulls again; well-behaved keeps it', () => {
    for (const [variant, drops] of [
      ['fragile', true],
      ['well-behaved', false],
    ] as const) {
      const { clock, stream, puller } = setup(variant);
      stream.flow(10);
      // A third of the rate, still a picture every few hundred ms: no stall, only a slow stream.
      for (let i = 0; i < 40; i++) {
        if (i % 3 === 0) stream.events?.frame({ stamp: undefined });
        clock.advance(250);
      }
      expect(stream.kills, variant).toBe(drops ? 1 : 0);
      expect(stream.spawns, variant).toHaveLength(1);
      puller.stop();
    }
  });

  it('drops-to-sub: when the main stream slows it pulls the sub stream, and never goes back', () => {
    const clock = new VirtualClock(1_000_000);
    const stream = new FakeStream(clock);
    const urls: string[] = [];
    const spawn: PullSpawner = (url, events) => (urls.push(url), stream.spawn(url, events));
    const puller = new CameraPuller('rtsp://cam/main', spawn, clock, miniHubVariants['drops-to-sub'], {
      onAlarm: () => undefined,
      subUrl: 'rtsp://cam/sub',
    });
    stream.flow(10);
    for (let i = 0; i < 40; i++) {
      if (i % 3 === 0) stream.events?.frame({ stamp: undefined });
      clock.advance(250);
    }
    stream.flow(60);
    expect(urls[0]).toBe('rtsp://cam/main');
    expect(urls.slice(1).length).toBeGreaterThan(0);
    expect(new Set(urls.slice(1))).toEqual(new Set(['rtsp://cam/sub']));
    puller.stop();
  });

  it('gives a fresh pull its start-up time before calling it stalled', () => {
    const { clock, stream, alarms, puller } = setup('well-behaved');
    clock.advance(12_000);
    expect(stream.kills).toBe(0);
    expect(alarms).toEqual([]);
    clock.advance(4_000);
    expect(stream.kills).toBe(1);
    expect(alarms).toEqual(['15000:raised']);
    puller.stop();
  });

  it('stop() ends the pull and all retries', () => {
    const { clock, stream, puller } = setup('well-behaved');
    stream.flow(2);
    puller.stop();
    expect(stream.kills).toBe(1);
    clock.advance(60_000);
    expect(stream.spawns).toHaveLength(1);
    expect(puller.running).toBe(false);
  });
});
