import { describe, expect, it } from 'vitest';
import { loopDelayBoundsMs, type HeadroomReading } from '../../simulators/api/process-headroom.ts';
import { HeadroomDeltaError, headroomBetween } from './headroom-delta.ts';
import { simulatorLimits } from './simulator-headroom.ts';

const bounds: number[] = [...loopDelayBoundsMs];
/** Delay counts with `n` samples in the bucket whose upper bound is `boundMs` (Infinity: beyond the last). */
function counts(...buckets: [boundMs: number, n: number][]): number[] {
  const c = new Array<number>(bounds.length + 1).fill(0);
  for (const [b, n] of buckets) c[b === Infinity ? bounds.length : bounds.indexOf(b)]! += n;
  return c;
}
const start: HeadroomReading = {
  host: 'sim-1',
  pid: 41,
  shard: { index: 1, count: 2 },
  uptimeMs: 10_000,
  coresAvailable: 4,
  cpuMicros: { user: 3_000_000, system: 1_000_000 },
  mainThread: { idleMs: 6_000, activeMs: 4_000 },
  workers: [{ idleMs: 9_000, activeMs: 1_000 }],
  loopDelay: { resolutionMs: 10, boundsMs: bounds, counts: counts([1, 500], [20, 3]) },
};
/** `start` plus what happened over the next `seconds`. */
function after(seconds: number, over: Partial<HeadroomReading> & { delay?: number[] } = {}): HeadroomReading {
  const { delay, ...rest } = over;
  return {
    ...start,
    uptimeMs: start.uptimeMs + seconds * 1000,
    ...rest,
    loopDelay: { ...start.loopDelay, counts: start.loopDelay.counts.map((c, i) => c + (delay?.[i] ?? 0)) },
  };
}

describe('headroomBetween', () => {
  it("gives the window's CPU per second, busy shares and delay quantiles from two cumulative readings", () => {
    const h = headroomBetween(
      start,
      after(2, {
        cpuMicros: { user: 4_200_000, system: 1_300_000 },
        mainThread: { idleMs: 6_400, activeMs: 5_600 },
        workers: [{ idleMs: 9_100, activeMs: 2_900 }],
        delay: counts([1, 980], [150, 20]),
      }),
    );
    expect(h).toEqual({
      cpuCores: 0.75,
      loopUtilization: 0.8,
      workerLoopUtilizationMax: 0.95,
      // 20 of 1,000 samples were 100-150 ms late: the p99 sample is among them. Only this window's count.
      loopDelayP99Ms: 150,
      loopDelayMaxMs: 150,
      coresAvailable: 4,
    });
    expect(simulatorLimits({ ...h, index: 0, framesSent: 0, framesSkipped: 0 })).toEqual([
      "camlab's event loop ran 150 ms late at p99 (limit 100 ms)",
      "camlab's busiest camera worker thread was busy 95% of the stage (limit 90%)",
    ]);
  });

  it('decides the limit exactly at a bucket bound: 100 ms late is within, and beyond the last bound is the last bound', () => {
    expect(headroomBetween(start, after(1, { delay: counts([1, 970], [100, 30]) })).loopDelayP99Ms).toBe(100);
    expect(headroomBetween(start, after(1, { delay: counts([1, 980], [150, 10], [100, 10]) })).loopDelayP99Ms).toBe(
      100,
    );
    const stuck = headroomBetween(start, after(30, { delay: counts([1, 10], [Infinity, 1]) }));
    expect([stuck.loopDelayP99Ms, stuck.loopDelayMaxMs]).toEqual([10_000, 10_000]);
    // A window without samples (readings a moment apart) lagged by nothing it saw.
    expect(headroomBetween(start, after(0)).loopDelayP99Ms).toBe(0);
  });

  it('gives a worker started within the window no share, and is never negative', () => {
    const h = headroomBetween(
      start,
      after(1, {
        workers: [
          { idleMs: 9_500, activeMs: 1_500 },
          { idleMs: 0, activeMs: 900 },
        ],
      }),
    );
    expect(h.workerLoopUtilizationMax).toBe(0.5);
    expect(h.loopUtilization).toBe(0);
  });

  it('refuses readings of another process, or out of order: the shard restarted within the window', () => {
    expect(() => headroomBetween(start, after(1, { pid: 77 }))).toThrow(HeadroomDeltaError);
    expect(() => headroomBetween(start, after(1, { pid: 77 }))).toThrow(
      'it restarted within the window (pid 41 on sim-1, then pid 77 on sim-1): its headroom over the window is unknown',
    );
    expect(() => headroomBetween(after(1), start)).toThrow(/restarted within the window/);
    const other = after(1);
    other.loopDelay = { ...other.loopDelay, boundsMs: bounds.map((b) => b * 2) };
    expect(() => headroomBetween(start, other)).toThrow('its event-loop delay buckets changed within the window');
  });
});
