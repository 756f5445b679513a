import type { Clock, TimerHandle } from './clock.ts';

interface Timer {
  id: number;
  dueMs: number;
  periodMs: number | undefined;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to: unit tests play minutes of scenario in milliseconds. */
export class VirtualClock implements Clock {
  private nowMs: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.add(fn, delayMs, undefined);
  }

  setInterval(fn: () => void, periodMs: number): TimerHandle {
    if (!(periodMs > 0)) throw new RangeError(`periodMs must be > 0, got ${periodMs}`);
    return this.add(fn, periodMs, periodMs);
  }

  /** Runs every timer due up to now + ms, in due order, then leaves the clock at now + ms. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers) {
        if (
          !t.cancelled &&
          t.dueMs <= target &&
          (next === undefined || t.dueMs < next.dueMs || (t.dueMs === next.dueMs && t.id < next.id))
        )
          next = t;
      }
      if (next === undefined) break;
      this.nowMs = Math.max(this.nowMs, next.dueMs);
      if (next.periodMs === undefined) next.cancelled = true;
      else next.dueMs += next.periodMs;
      next.fn();
      this.timers = this.timers.filter((t) => !t.cancelled);
    }
    this.nowMs = target;
  }

  /** Timers still pending (for leak checks in tests). */
  pendingCount(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private add(fn: () => void, delayMs: number, periodMs: number | undefined): TimerHandle {
    const timer: Timer = {
      id: this.nextId++,
      dueMs: this.nowMs + Math.max(0, delayMs),
      periodMs,
      fn,
      cancelled: false,
    };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }
}
