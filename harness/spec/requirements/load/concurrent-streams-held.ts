import type { Requirement } from '../../requirement.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { takingIntervals } from '../../evidence/frames-taken.ts';
import { playedSpans } from '../../evidence/session-spans.ts';

export const concurrentStreamsHeld: Requirement<{ minConcurrentStreams: number; holdMs: number }> = {
  id: 'HUB-LOAD-03',
  area: 'LOAD',
  title: 'Holds N concurrent streams for the soak period',
  rationale:
    'The regional hub must carry every camera of every site at once; procurement sets N for its estate. A stream counts while the hub takes its frames (camera-side counters), not while a session merely stays open.',
  level: 'MUST',
  side: 'hub',
  params: {
    minConcurrentStreams: {
      default: 100,
      unit: 'count',
      stricter: 'higher',
      description: 'cameras whose frames the hub takes at the same time',
    },
    holdMs: { default: 60_000, unit: 'ms', stricter: 'higher', description: 'how long they must all be held together' },
  },
  needs: { observations: ['rtsp.session.play', 'rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    if (run.cameras.length < params.minConcurrentStreams)
      return notExercised(
        `the fleet has ${run.cameras.length} cameras; ${params.minConcurrentStreams} concurrent streams were asked for`,
      );
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const edges: [number, number][] = [];
    const streams = new Set<string>();
    for (const s of playedSpans(observations))
      if (s.user !== undefined && users.has(s.user)) streams.add(`${s.user}\n${s.camera}`);
    for (const key of streams) {
      const [user, camera] = key.split('\n') as [string, string];
      for (const [a, b] of takingIntervals(observations, { camera, user })) edges.push([a, 1], [b, -1]);
    }
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let level = 0;
    let peak = 0;
    let aboveSince: number | undefined;
    let longestHeld = 0;
    let heldFrom = run.startMs;
    for (const [t, d] of edges) {
      level += d;
      peak = Math.max(peak, level);
      if (level >= params.minConcurrentStreams && aboveSince === undefined) aboveSince = t;
      if (level < params.minConcurrentStreams && aboveSince !== undefined) {
        if (t - aboveSince > longestHeld) [longestHeld, heldFrom] = [t - aboveSince, aboveSince];
        aboveSince = undefined;
      }
    }
    if (aboveSince !== undefined && run.endMs - aboveSince > longestHeld)
      [longestHeld, heldFrom] = [run.endMs - aboveSince, aboveSince];
    const measurement = {
      name: `longest time with ${params.minConcurrentStreams}+ concurrent streams`,
      value: longestHeld,
      unit: 'ms' as const,
      threshold: params.holdMs,
      op: '>=' as const,
    };
    const evidence = [
      {
        fromMs: heldFrom,
        toMs: heldFrom + longestHeld,
        text: `peak ${peak} cameras watched at once; ${params.minConcurrentStreams}+ held for ${formatMs(longestHeld)}`,
      },
    ];
    if (longestHeld >= params.holdMs)
      return passed(
        `${params.minConcurrentStreams}+ streams held for ${formatMs(longestHeld)} (peak ${peak})`,
        measurement,
        evidence,
      );
    return failed(
      `${params.minConcurrentStreams} streams were never held together for ${formatMs(params.holdMs)} (peak ${peak})`,
      measurement,
      evidence,
    );
  },
};
