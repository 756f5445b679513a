import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.ts';

describe('VirtualClock', () => {
  it('runs timers in due order and only when advanced', () => {
    const clock = new VirtualClock(1000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
    const tick = clock.setInterval(() => seen.push(`i@${clock.now()}`), 15);
    expect(seen).toEqual([]);
    clock.advance(31);
    expect(seen).toEqual(['a@1010', 'i@1015', 'b@1020', 'i@1030']);
    tick.cancel();
    clock.advance(100);
    expect(seen).toHaveLength(4);
    expect(clock.now()).toBe(1131);
    expect(clock.pendingCount()).toBe(0);
  });

  it('cancels a timeout before it fires', () => {
    const clock = new VirtualClock();
    let fired = false;
    clock.setTimeout(() => (fired = true), 5).cancel();
    clock.advance(10);
    expect(fired).toBe(false);
  });
});
