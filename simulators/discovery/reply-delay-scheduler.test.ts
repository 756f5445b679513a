import { describe, expect, it } from 'vitest';
import { mixSeed, seededRandom } from '../faults/seeded-random.ts';
import { APP_MAX_DELAY_MS, ReplyDelayScheduler } from './reply-delay-scheduler.ts';

/** A timer that never fires on its own: the test reads what the scheduler asked for. */
function heldTimers(): {
  setTimer: (fn: () => void, delayMs: number) => () => void;
  asked: number[];
  fire: () => void;
  cancelled: () => number;
} {
  const asked: number[] = [];
  const due: (() => void)[] = [];
  let cancelled = 0;
  return {
    asked,
    setTimer: (fn, delayMs) => {
      asked.push(delayMs);
      due.push(fn);
      return () => cancelled++;
    },
    fire: () => {
      for (const fn of due.splice(0)) fn();
    },
    cancelled: () => cancelled,
  };
}

const seeded = (seed: number): (() => number) => seededRandom(mixSeed('ws-discovery', seed));

describe('ReplyDelayScheduler', () => {
  it('spreads replies uniformly over [0, APP_MAX_DELAY]: every tenth of the window gets about a tenth of 5000 replies', () => {
    const timers = heldTimers();
    const scheduler = new ReplyDelayScheduler({ random: seeded(1), setTimer: timers.setTimer });
    for (let i = 0; i < 5000; i++) scheduler.schedule(() => undefined);
    const stats = scheduler.stats();
    expect(stats.count).toBe(5000);
    expect(stats.minMs).toBeGreaterThanOrEqual(0);
    expect(stats.maxMs).toBeLessThanOrEqual(APP_MAX_DELAY_MS);
    // Uniform: the ends are reached and no tenth is starved or crowded (expected 500 each; 4 sigma is about 85).
    expect(stats.minMs).toBeLessThan(10);
    expect(stats.maxMs).toBeGreaterThan(490);
    for (const bucket of stats.histogram) (expect(bucket).toBeGreaterThan(400), expect(bucket).toBeLessThan(600));
    expect(stats.meanMs).toBeGreaterThan(235);
    expect(stats.meanMs).toBeLessThan(265);
    // The stats are the delays the timers were really asked for.
    expect(timers.asked).toHaveLength(5000);
    expect(Math.max(...timers.asked)).toBe(stats.maxMs);
    expect(timers.asked.reduce((a, b) => a + b, 0) / 5000).toBeCloseTo(stats.meanMs, 6);
  });

  it('answers immediately only rarely: about 2% of replies leave within 10 ms, as a uniform draw gives', () => {
    const timers = heldTimers();
    const scheduler = new ReplyDelayScheduler({ random: seeded(7), setTimer: timers.setTimer });
    for (let i = 0; i < 2000; i++) scheduler.schedule(() => undefined);
    expect(timers.asked.filter((d) => d <= 10).length).toBeLessThan(70);
  });

  it('repeats the same delays for the same fleet seed and differs for another', () => {
    const draw = (seed: number): number[] => {
      const scheduler = new ReplyDelayScheduler({ random: seeded(seed), setTimer: heldTimers().setTimer });
      return Array.from({ length: 20 }, () => scheduler.schedule(() => undefined));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('sends each reply once when its timer fires, and cancels the ones still waiting', () => {
    const timers = heldTimers();
    const scheduler = new ReplyDelayScheduler({ random: seeded(3), setTimer: timers.setTimer });
    let sent = 0;
    scheduler.schedule(() => sent++);
    scheduler.schedule(() => sent++);
    expect(sent).toBe(0);
    timers.fire();
    expect(sent).toBe(2);
    scheduler.schedule(() => sent++);
    scheduler.cancelAll();
    expect(timers.cancelled()).toBe(1);
  });

  it('keeps to a shorter window when asked', () => {
    const timers = heldTimers();
    const scheduler = new ReplyDelayScheduler({ random: seeded(5), maxDelayMs: 100, setTimer: timers.setTimer });
    for (let i = 0; i < 1000; i++) scheduler.schedule(() => undefined);
    expect(scheduler.stats().maxMs).toBeLessThanOrEqual(100);
    expect(scheduler.stats().maxMs).toBeGreaterThan(90);
  });
});
