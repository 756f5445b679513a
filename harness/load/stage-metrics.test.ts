import { describe, expect, it } from 'vitest';
import type { Observation } from '../../simulators/observations/observation.ts';
import { findKnee, stageMetrics, stageWindows, type StageMetrics } from './stage-metrics.ts';

const user = 'camlab-hub';
function session(
  camera: string,
  session: string,
  fromMs: number,
  frames: [number, number, number][],
  close?: { atMs: number; reason: 'teardown' | 'timeout' },
): Observation[] {
  const out: Observation[] = [
    { kind: 'rtsp.session.open', atMs: fromMs, camera, client: 'c', session, profile: 'main', transport: 'tcp', user },
    { kind: 'rtsp.session.play', atMs: fromMs, camera, client: 'c', session, profile: 'main' },
    ...frames.map(([atMs, framesSent, framesDropped]): Observation => ({
      kind: 'rtsp.session.stats',
      atMs,
      camera,
      session,
      profile: 'main',
      framesSent,
      bytesSent: 0,
      framesDropped,
    })),
  ];
  const [, framesSent, framesDropped] = frames[frames.length - 1] ?? [0, 0, 0];
  if (close !== undefined)
    out.push({
      kind: 'rtsp.session.close',
      atMs: close.atMs,
      camera,
      client: 'c',
      session,
      profile: 'main',
      reason: close.reason,
      framesSent,
      bytesSent: 0,
      framesDropped,
    });
  return out;
}

describe('stage metrics and the knee', () => {
  const timeline = [
    { atMs: 0, type: 'provision', label: 'provision 1 more cameras' },
    { atMs: 0, type: 'mark', label: 'stage 1: 1 cameras' },
    { atMs: 10_000, type: 'mark', label: 'stage 2: 2 cameras' },
  ];

  it('cuts stages at their marks', () => {
    expect(stageWindows(timeline, 20_000)).toEqual([
      { index: 0, cameras: 1, startMs: 0, endMs: 10_000 },
      { index: 1, cameras: 2, startMs: 10_000, endMs: 20_000 },
    ]);
  });

  it('counts frames per stage after the settle time, held streams and drops', () => {
    const observations = [
      ...session('a', 's1', 100, [
        [2_000, 50, 0],
        [10_000, 250, 0],
        [12_000, 300, 10],
        [20_000, 500, 90],
      ]),
      ...session('b', 's2', 10_500, [[11_000, 5, 0]], { atMs: 15_000, reason: 'timeout' }),
      // Closed in stage 2's settle time (a hub reconnecting as it is given more cameras): not a drop.
      ...session('c', 's3', 10_200, [[10_500, 5, 0]], { atMs: 11_000, reason: 'timeout' }),
      // A second session on a camera already held (a hub reconnecting before the old one timed out) holds no more streams.
      ...session('a', 's4', 19_000, [[19_500, 0, 0]]),
    ].sort((x, y) => x.atMs - y.atMs);
    const metrics = stageMetrics(observations, stageWindows(timeline, 20_000), user, 2_000);
    expect(metrics.map((m) => [m.held, m.framesSent, m.framesDropped, m.drops])).toEqual([
      [1, 200, 0, 0],
      [1, 200, 80, 1],
    ]);
    const knee = findKnee(metrics);
    expect(knee).toEqual({
      sustainedCameras: 1,
      degradedAt: {
        index: 1,
        cameras: 2,
        reasons: ['1 of 2 streams held', '71.43% of frames delivered (< 99.00%)', '1 sessions dropped'],
      },
    });
  });

  it("counts in a stage only the cameras provisioned up to it, not the next stage's pulled before its mark", () => {
    const named = [
      { atMs: 0, type: 'provision', label: 'provision 1 more cameras', cameras: ['a'] },
      { atMs: 0, type: 'mark', label: 'stage 1: 1 cameras' },
      { atMs: 10_000, type: 'provision', label: 'provision 1 more cameras', cameras: ['b'] },
      { atMs: 10_000, type: 'mark', label: 'stage 2: 2 cameras' },
    ];
    const windows = stageWindows(named, 20_000);
    expect(windows.map((w) => [...(w.cameraIds ?? [])])).toEqual([['a'], ['a', 'b']]);
    const observations = [
      ...session('a', 's1', 100, [
        [2_000, 50, 0],
        [9_900, 250, 0],
        [19_900, 500, 0],
      ]),
      // The hub pulled 'b' while it was being provisioned, a moment before stage 2's mark.
      ...session('b', 's2', 9_500, [
        [9_800, 5, 0],
        [19_900, 255, 0],
      ]),
    ].sort((x, y) => x.atMs - y.atMs);
    expect(stageMetrics(observations, windows, user, 2_000).map((m) => [m.held, m.framesSent])).toEqual([
      [1, 200],
      [2, 500],
    ]);
  });

  it('says every stage held when none degraded', () => {
    const ok: StageMetrics = {
      index: 0,
      cameras: 4,
      held: 4,
      deliveredRatio: 1,
      framesSent: 100,
      framesDropped: 0,
      drops: 0,
      latencyP95Ms: 300,
    };
    expect(findKnee([ok, { ...ok, index: 1, cameras: 8, held: 8 }])).toEqual({ sustainedCameras: 8 });
    expect(findKnee([{ ...ok, latencyP95Ms: 2_500 }]).degradedAt?.reasons).toEqual(['p95 latency 2500 ms (> 2000 ms)']);
  });
});
