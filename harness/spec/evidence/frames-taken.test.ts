import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../simulators/observations/observation.ts';
import { s } from '../fixtures/observation-fixtures.ts';
import { firstSustainedMs, heldIntervals, longestGapMs, sessionStretches, takingIntervals } from './frames-taken.ts';

/** One session of cam-1 by 'hub', playing at 0 s, with a counter sample per entry: [second, framesSent, framesDroppedQueueFull]. */
function sessionWith(samples: [number, number, number][]): Observation[] {
  const base = { camera: 'cam-1', session: 'S1', profile: 'main' as const };
  return [
    { kind: 'rtsp.session.open', atMs: s(0), client: 'c', transport: 'tcp', user: 'hub', ...base },
    { kind: 'rtsp.session.play', atMs: s(0), client: 'c', ...base },
    ...samples.map(([sec, sent, full]): Observation => ({
      kind: 'rtsp.session.stats',
      atMs: s(sec),
      framesSent: sent,
      bytesSent: sent * 100,
      framesDropped: full * 25,
      framesDroppedQueueFull: full,
      framesSkipped: 0,
      ...base,
    })),
  ];
}

const states = (observations: Observation[]) =>
  [...sessionStretches(observations).values()][0]!.map(
    (x) => `${(x.fromMs - s(0)) / 1000}-${(x.toMs - s(0)) / 1000}:${x.state}`,
  );

describe('frames taken, from camera-side counters', () => {
  const cases: { name: string; samples: [number, number, number][]; expected: string[] }[] = [
    {
      name: 'a reader taking frames every second',
      samples: [
        [1, 25, 0],
        [2, 50, 0],
        [3, 75, 0],
      ],
      expected: ['0-1:taking', '1-2:taking', '2-3:taking'],
    },
    {
      name: 'waiting for the first key frame is withheld, not stalled',
      samples: [
        [1, 0, 0],
        [2, 20, 0],
      ],
      expected: ['0-1:withheld', '1-2:taking'],
    },
    {
      // After the queue fills the camera skips to the next key frame without looking at the socket,
      // so the full-queue counter may stand still while the reader is still not reading.
      name: 'a reader that stops reading stays stalled until a frame goes out again',
      samples: [
        [1, 25, 0],
        [2, 30, 1],
        [3, 30, 1],
        [4, 30, 2],
        [5, 55, 2],
        [6, 80, 2],
      ],
      expected: ['0-1:taking', '1-2:taking', '2-3:stalled', '3-4:stalled', '4-5:taking', '5-6:taking'],
    },
    {
      name: 'a fault that sends nothing is withheld',
      samples: [
        [1, 25, 0],
        [2, 25, 0],
        [3, 25, 0],
        [4, 50, 0],
      ],
      expected: ['0-1:taking', '1-2:withheld', '2-3:withheld', '3-4:taking'],
    },
  ];
  it.each(cases)('$name', ({ samples, expected }) => {
    expect(states(sessionWith(samples))).toEqual(expected);
  });

  it('watches a camera only while frames are taken; a held-open session counts only for faults', () => {
    const observations = sessionWith([
      [1, 25, 0],
      [2, 50, 0],
      [3, 50, 0],
      [4, 50, 0],
      [5, 50, 0],
      [6, 50, 1],
      [7, 50, 1],
      [8, 50, 1],
    ]);
    const f = { camera: 'cam-1', user: 'hub' };
    expect(takingIntervals(observations, f)).toEqual([[s(0), s(2)]]);
    expect(heldIntervals(observations, f)).toEqual([[s(0), s(5)]]);
    expect(longestGapMs(takingIntervals(observations, f), s(0), s(8))).toBe(6_000);
    expect(takingIntervals(observations, { camera: 'cam-1', user: 'other' })).toEqual([]);
  });

  it('joins sampling gaps up to the tolerance and finds when frames flowed steadily', () => {
    const observations = sessionWith([
      [1, 25, 0],
      [2, 25, 0],
      [3, 50, 0],
      [10, 50, 0],
      [11, 75, 0],
      [30, 550, 0],
    ]);
    const taking = takingIntervals(observations, { camera: 'cam-1', user: 'hub' });
    expect(taking).toEqual([
      [s(0), s(3)],
      [s(10), s(30)],
    ]);
    expect(firstSustainedMs(taking, s(0), 10_000, s(40))).toBe(s(10));
    expect(firstSustainedMs(taking, s(0), 2_000, s(40))).toBe(s(0));
    // Frames that run on until the end of what can be judged count, however short.
    expect(firstSustainedMs(taking, s(25), 10_000, s(30))).toBe(s(25));
    expect(firstSustainedMs(taking, s(31), 1_000, s(40))).toBeUndefined();
  });
});
