import type { Observation } from '../../simulators/observations/observation.ts';
import type { TimelineEvent } from '../../reports/run-result.ts';
import { sessionSpans, type SessionSpan } from '../spec/evidence/session-spans.ts';

export interface StageWindow {
  index: number;
  cameras: number;
  startMs: number;
  endMs: number;
  /**
   * The cameras provisioned up to this stage, where the timeline names them. The next stage's
   * cameras are provisioned before its mark, and a hub may pull them at once: they are not this stage's.
   */
  cameraIds?: ReadonlySet<string>;
}

export interface StageMetrics {
  index: number;
  /** Cameras provisioned in this stage (the target). */
  cameras: number;
  /** Cameras with a session of the hub's user playing at the end of the stage (a camera the hub pulls twice counts once). */
  held: number;
  /** frames sent / (sent + dropped for backpressure) over the measured part of the stage; undefined without frames. */
  deliveredRatio: number | undefined;
  framesSent: number;
  framesDropped: number;
  /** Hub sessions that ended after the stage's settle time other than by TEARDOWN. */
  drops: number;
  /** p95 camera-to-egress latency where the adapter reads the hub's egress. */
  latencyP95Ms: number | undefined;
  /** p50 and p99 of the same latencies (the report's chart draws all three). */
  latencyP50Ms?: number | undefined;
  latencyP99Ms?: number | undefined;
}

/** The q-quantile (0..1) of ascending samples, nearest rank; undefined without samples. Pure. */
export function nearestRank(sorted: readonly number[], q: number): number | undefined {
  return sorted.length === 0 ? undefined : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export interface KneeThresholds {
  minDeliveredRatio: number;
  maxDrops: number;
  maxLatencyP95Ms: number;
}

export const defaultKneeThresholds: KneeThresholds = { minDeliveredRatio: 0.99, maxDrops: 0, maxLatencyP95Ms: 2_000 };

export interface Knee {
  /** The largest stage the hub sustained (0 when even the first degraded). */
  sustainedCameras: number;
  /** The first stage that degraded, and why; undefined when every stage held. */
  degradedAt?: { index: number; cameras: number; reasons: string[] };
}

/** Stage windows from the run's timeline: each stage's mark up to the next one (or the end). */
export function stageWindows(timeline: readonly TimelineEvent[], endMs: number): StageWindow[] {
  const provisioned = new Set<string>();
  let named = false;
  const marks = timeline.flatMap((e) => {
    if (e.type === 'provision' && e.cameras !== undefined) {
      named = true;
      for (const c of e.cameras) provisioned.add(c);
    }
    const m = e.type === 'mark' ? /^stage (\d+): (\d+) cameras$/.exec(e.label) : null;
    return m === null
      ? []
      : [
          {
            index: Number(m[1]) - 1,
            cameras: Number(m[2]),
            startMs: e.atMs,
            ...(named ? { cameraIds: new Set(provisioned) } : {}),
          },
        ];
  });
  return marks.map((m, i) => ({ ...m, endMs: marks[i + 1]?.startMs ?? endMs }));
}

/**
 * What each stage delivered, read from camera-side observations (and egress where present):
 * sessions' counters (which hold every sample also when the log spilled to disk) and egress.
 * Frame counters are cumulative per session, so a stage gets the difference between the last
 * counters before `settleMs` into it and the last ones before its end.
 */
export function stageMetrics(
  observations: readonly Observation[],
  windows: readonly StageWindow[],
  user: string,
  settleMs: number,
): StageMetrics[] {
  const spans = sessionSpans(observations).filter((span) => span.user === user);
  return windows.map((w) => {
    const ofStage = (camera: string): boolean => w.cameraIds === undefined || w.cameraIds.has(camera);
    const fromMs = Math.min(w.startMs + settleMs, w.endMs);
    const atFrom = new Map<SessionSpan, [number, number]>();
    const atEnd = new Map<SessionSpan, [number, number]>();
    const playing = new Set<string>();
    let drops = 0;
    for (const span of spans) {
      if (!ofStage(span.camera)) continue;
      const c = span.counters;
      for (let i = 0; i < c.length; i++) {
        const atMs = c.atMs(i);
        if (atMs > w.endMs) break;
        const sample: [number, number] = [c.framesSent(i), c.framesDropped(i)];
        if (atMs <= fromMs) atFrom.set(span, sample);
        atEnd.set(span, sample);
      }
      if (span.playMs === undefined || span.playMs > w.endMs) continue;
      const closed = span.closeMs !== undefined && span.closeMs <= w.endMs;
      if (!closed) playing.add(span.camera);
      // A hub that reconnects its cameras when it is given more (Motion reloads every camera thread)
      // does so in the settle time; a drop is one after it, as frames are counted after it.
      else if (span.closeMs! > fromMs && span.closeReason !== 'teardown') drops++;
    }
    const latencies: number[] = [];
    for (const o of observations) {
      if (o.atMs > w.endMs) break;
      if (o.kind === 'hub.egress' && o.atMs >= fromMs) latencies.push(...o.latencyMs);
    }
    let framesSent = 0;
    let framesDropped = 0;
    for (const [span, [sent, dropped]] of atEnd) {
      const [sent0, dropped0] = atFrom.get(span) ?? [0, 0];
      framesSent += sent - sent0;
      framesDropped += dropped - dropped0;
    }
    const total = framesSent + framesDropped;
    latencies.sort((a, b) => a - b);
    return {
      index: w.index,
      cameras: w.cameras,
      held: playing.size,
      deliveredRatio: total > 0 ? framesSent / total : undefined,
      framesSent,
      framesDropped,
      drops,
      latencyP95Ms: nearestRank(latencies, 0.95),
      latencyP50Ms: nearestRank(latencies, 0.5),
      latencyP99Ms: nearestRank(latencies, 0.99),
    };
  });
}

/** The knee: the first stage that did not hold its streams, delivered too few frames, dropped sessions or lagged. */
export function findKnee(stages: readonly StageMetrics[], t: KneeThresholds = defaultKneeThresholds): Knee {
  let sustainedCameras = 0;
  for (const s of stages) {
    const reasons: string[] = [];
    if (s.held < s.cameras) reasons.push(`${s.held} of ${s.cameras} streams held`);
    if (s.deliveredRatio === undefined) reasons.push('no frames delivered');
    else if (s.deliveredRatio < t.minDeliveredRatio)
      reasons.push(
        `${(s.deliveredRatio * 100).toFixed(2)}% of frames delivered (< ${(t.minDeliveredRatio * 100).toFixed(2)}%)`,
      );
    if (s.drops > t.maxDrops) reasons.push(`${s.drops} sessions dropped`);
    if (s.latencyP95Ms !== undefined && s.latencyP95Ms > t.maxLatencyP95Ms)
      reasons.push(`p95 latency ${s.latencyP95Ms} ms (> ${t.maxLatencyP95Ms} ms)`);
    if (reasons.length > 0) return { sustainedCameras, degradedAt: { index: s.index, cameras: s.cameras, reasons } };
    sustainedCameras = s.cameras;
  }
  return { sustainedCameras };
}
