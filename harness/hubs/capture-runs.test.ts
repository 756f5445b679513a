import { describe, expect, it } from 'vitest';
import type { SeiStamp } from '../../media/sei/sei-stamp.ts';
import { captureRunsOf, type RecordedPicture } from './capture-runs.ts';

const stamp = (sendTimeMs: number, cameraId = 'cam-1', replayed = false): SeiStamp => ({
  cameraId,
  frame: Math.round(sendTimeMs / 40),
  sendTimeMs,
  ...(replayed ? { replayed: true as const } : {}),
});
/** Frames every 40 ms from `fromMs` to `toMs` inclusive. */
const frames = (
  fromMs: number,
  toMs: number,
  opts: { replayed?: boolean; lagMs?: number; camera?: string } = {},
): RecordedPicture[] => {
  const out: RecordedPicture[] = [];
  for (let t = fromMs; t <= toMs; t += 40)
    out.push({
      stamp: stamp(t, opts.camera, opts.replayed),
      ...(opts.lagMs !== undefined ? { hubTimeMs: t + opts.lagMs } : {}),
    });
  return out;
};

describe('captureRunsOf: what a recording holds, by SEI capture time', () => {
  it.each([
    {
      name: 'one continuous live run',
      pictures: frames(0, 4_000, { lagMs: 200 }),
      runs: [{ firstMs: 0, lastMs: 4_000, frames: 101, replayed: false, timeErrorMs: { min: 200, max: 200 } }],
    },
    {
      name: 'a hole longer than a second cuts the run',
      pictures: [...frames(0, 1_000), ...frames(2_200, 3_000)],
      runs: [
        { firstMs: 0, lastMs: 1_000, frames: 26, replayed: false },
        { firstMs: 2_200, lastMs: 3_000, frames: 21, replayed: false },
      ],
    },
    {
      name: 'replayed frames after live ones start a run of their own, whatever the order they were stored in',
      pictures: [...frames(2_000, 2_400, { replayed: true, lagMs: 0 }), ...frames(0, 1_960, { lagMs: 100 })],
      runs: [
        { firstMs: 0, lastMs: 1_960, frames: 50, replayed: false, timeErrorMs: { min: 100, max: 100 } },
        { firstMs: 2_000, lastMs: 2_400, frames: 11, replayed: true, timeErrorMs: { min: 0, max: 0 } },
      ],
    },
    {
      name: 'a frame stored twice counts once',
      pictures: [...frames(0, 400), ...frames(0, 400)],
      runs: [{ firstMs: 0, lastMs: 400, frames: 11, replayed: false }],
    },
  ])('$name', ({ pictures, runs }) => {
    expect(captureRunsOf('cam-1', pictures).runs).toEqual(runs);
  });

  it('counts pictures without a stamp and frames of other cameras apart; they cover nothing', () => {
    const coverage = captureRunsOf('cam-1', [
      { stamp: undefined },
      { stamp: undefined },
      ...frames(0, 80, { camera: 'cam-2' }),
      ...frames(0, 80, { camera: 'cam-2' }),
    ]);
    expect(coverage).toEqual({ runs: [], unstampedFrames: 2, foreignFrames: 3 });
  });

  it('spreads the time error over the run: least and greatest', () => {
    const pictures = frames(0, 400).map((p, i) => ({
      ...p,
      hubTimeMs: p.stamp!.sendTimeMs + (i === 3 ? -50 : 30 * i),
    }));
    expect(captureRunsOf('cam-1', pictures).runs[0]?.timeErrorMs).toEqual({ min: -50, max: 300 });
  });
});
