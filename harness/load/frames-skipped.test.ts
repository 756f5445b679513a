import { describe, expect, it } from 'vitest';
import type { Observation } from '../../simulators/observations/observation.ts';
import { framesSkippedIn } from './frames-skipped.ts';

/** A session's cumulative counters at one moment; `framesSkipped` as the cameras report it from specification 2026.12. */
function stats(session: string, atMs: number, framesSkipped?: number): Observation {
  return {
    kind: 'rtsp.session.stats',
    atMs,
    camera: 'c1',
    session,
    profile: 'main',
    framesSent: atMs / 40,
    bytesSent: 0,
    framesDropped: framesSkipped ?? 0,
    ...(framesSkipped !== undefined ? { framesSkipped } : {}),
  } as Observation;
}

/** Counters belong to a session: the camera records its open before any stats. */
function open(session: string): Observation {
  return {
    kind: 'rtsp.session.open',
    atMs: 0,
    camera: 'c1',
    client: '127.0.0.1:1',
    session,
    profile: 'main',
    transport: 'tcp',
  };
}

describe('framesSkippedIn', () => {
  it("counts the slots camlab's clocks skipped within the stage, over every session", () => {
    const observations = [
      open('a'),
      open('b'),
      stats('a', 1_000, 2),
      stats('b', 1_000, 0),
      stats('a', 2_000, 5),
      stats('b', 3_000, 4),
      stats('a', 4_000, 9),
      stats('a', 6_000, 50),
    ];
    // Stage from 1s to 5s: session a went 2 -> 9, session b 0 -> 4; the 6s reading is after the stage.
    expect(framesSkippedIn(observations, { startMs: 1_000, endMs: 5_000 })).toBe(11);
  });

  it('gives 0 for logs from cameras that do not report the counter', () => {
    expect(framesSkippedIn([open('a'), stats('a', 1_000), stats('a', 2_000)], { startMs: 0, endMs: 3_000 })).toBe(0);
  });
});
