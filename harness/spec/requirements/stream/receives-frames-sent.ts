import type { Evidence, Requirement } from '../../requirement.ts';
import type { HubEgressObservation } from '../../../../simulators/observations/observation.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, notExercised, passed } from '../../evidence/outcomes.ts';
import { framesSentAt, playedSpans } from '../../evidence/session-spans.ts';

/** Too few frames make the ratio noise (one stats interval either side). */
const minFramesJudged = 100;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const receivesFramesSent: Requirement<{ minFrameRatio: number }> = {
  id: 'HUB-STR-03',
  area: 'STREAM',
  title: 'Delivers the frames the cameras sent',
  rationale: 'Frames lost inside the hub are evidence lost; counted by their SEI stamps at the hub egress against what the cameras sent to that hub.',
  level: 'MUST',
  side: 'hub',
  params: { minFrameRatio: { default: 0.95, unit: 'ratio', stricter: 'higher', description: 'frames read at the egress / frames the camera sent to the hub, per camera' } },
  needs: { observations: ['hub.egress', 'rtsp.session.stats'], capabilities: ['egress'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const byKey = new Map<string, HubEgressObservation[]>();
    for (const o of observations) {
      if (o.kind !== 'hub.egress') continue;
      const key = `${o.hub}\n${o.camera}`;
      const list = byKey.get(key) ?? [];
      list.push(o);
      byKey.set(key, list);
    }
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 1;
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      const { hub, camera } = list[0]!;
      const fromMs = list[0]!.atMs;
      const toMs = list[list.length - 1]!.atMs;
      // The first interval ended at fromMs; its frames were sent before the window.
      const received = list.slice(1).reduce((n, o) => n + o.frames, 0);
      // Frames reach the egress a latency after the camera sent them: shift the send window.
      const shift = median(list.flatMap((o) => o.latencyMs));
      const spans = playedSpans(observations, userOfHub(run, hub)).filter((s) => s.camera === camera);
      const sent = spans.reduce((n, s) => n + framesSentAt(s, toMs - shift) - framesSentAt(s, fromMs - shift), 0);
      if (sent < minFramesJudged) continue;
      const ratio = Math.min(1, received / sent);
      worst = Math.min(worst, ratio);
      const e = { camera, hub, fromMs, toMs, text: `${received} of ${sent} frames reached the egress (${(ratio * 100).toFixed(1)}%)` };
      (ratio < params.minFrameRatio ? misses : ok).push(e);
    }
    if (ok.length + misses.length === 0) return notExercised(`no camera had ${minFramesJudged} frames both sent to the hub and read at its egress`);
    const measurement = { name: 'worst per-camera frame ratio at the egress', value: Number(worst.toFixed(4)), unit: 'ratio' as const, threshold: params.minFrameRatio, op: '>=' as const };
    if (misses.length > 0) return failed(`${misses.length} of ${ok.length + misses.length} cameras delivered fewer than ${params.minFrameRatio * 100}% of frames`, measurement, [...misses, ...ok]);
    return passed(`all ${ok.length} cameras delivered at least ${params.minFrameRatio * 100}% of frames`, measurement, ok);
  },
};
