import type { Requirement } from '../../requirement.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { unstampedEgress, unstampedReason } from '../../evidence/egress.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

/** Latency right after a fault (re-buffering) is the fault's, not the hub's steady state. */
const settleAfterFaultMs = 5_000;

export const egressLatency: Requirement<{ maxLatencyP95Ms: number }> = {
  id: 'HUB-STR-04',
  area: 'STREAM',
  title: 'Live latency to the hub egress within a bound',
  rationale:
    'Operators follow incidents live: the 95th percentile from camera send time (SEI stamp) to the hub restream stays under a bound outside injected faults.',
  level: 'SHOULD',
  side: 'hub',
  params: {
    maxLatencyP95Ms: {
      default: 2_000,
      unit: 'ms',
      stricter: 'lower',
      description: '95th percentile of camera-to-egress latency',
    },
  },
  needs: { observations: ['hub.egress'], capabilities: ['egress'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const faults = faultWindows(observations);
    const samples: number[] = [];
    const worstPerCamera = new Map<string, { hub: string; atMs: number; latencyMs: number }>();
    for (const o of observations) {
      if (o.kind !== 'hub.egress' || o.latencyMs.length === 0) continue;
      if (inAnyWindow(faults, o.camera, o.atMs - settleAfterFaultMs, o.atMs, run.endMs)) continue;
      for (const l of o.latencyMs) samples.push(l);
      const max = Math.max(...o.latencyMs);
      const prev = worstPerCamera.get(o.camera);
      if (prev === undefined || max > prev.latencyMs)
        worstPerCamera.set(o.camera, { hub: o.hub, atMs: o.atMs, latencyMs: max });
    }
    // Stripping the stamp from late frames would hide them: with untraceable pictures, latency is not judged.
    const unstamped = unstampedEgress(observations);
    if (unstamped.frames > 0) return notExercised(unstampedReason(unstamped));
    if (samples.length === 0)
      return notExercised('no SEI-stamped frame was read at the hub egress outside fault windows');
    samples.sort((a, b) => a - b);
    const p95 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!;
    const evidence = [...worstPerCamera.entries()]
      .sort((a, b) => b[1].latencyMs - a[1].latencyMs)
      .map(([camera, w]) => ({ camera, hub: w.hub, atMs: w.atMs, text: `worst latency ${formatMs(w.latencyMs)}` }));
    const measurement = {
      name: 'p95 camera-to-egress latency',
      value: p95,
      unit: 'ms' as const,
      threshold: params.maxLatencyP95Ms,
      op: '<=' as const,
    };
    const summary = `p95 ${formatMs(p95)} over ${samples.length} frames from ${worstPerCamera.size} cameras`;
    return p95 <= params.maxLatencyP95Ms
      ? passed(summary, measurement, evidence)
      : failed(summary, measurement, evidence);
  },
};
