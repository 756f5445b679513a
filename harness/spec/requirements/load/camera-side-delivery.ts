import type { Evidence, Requirement } from '../../requirement.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans } from '../../evidence/session-spans.ts';

/** Below this many frames a camera's ratio says nothing. */
const minFramesJudged = 250;

interface Tally {
  sent: number;
  /** Dropped on the hub's account: every drop but the simulator's own skipped slots. */
  dropped: number;
  skipped: number;
}

export const cameraSideDelivery: Requirement<{ minDeliveredRatio: number }> = {
  id: 'HUB-LOAD-02',
  area: 'LOAD',
  title: 'Reads every stream fast enough that cameras need not drop frames',
  rationale:
    "A hub that cannot keep up makes the cameras drop frames at their send queues. Judged per camera (one starved camera in a hundred is a blind spot, not a rounding error), camera-side, for any hub, outside injected faults (which drop frames on purpose). Frame slots the simulator itself skipped because its clock ran late are the simulator's, not the hub's: they are left out and reported as such.",
  level: 'MUST',
  side: 'hub',
  params: {
    minDeliveredRatio: {
      default: 0.99,
      unit: 'ratio',
      stricter: 'higher',
      description: "per camera: frames sent / (sent + dropped), the simulator's own skipped slots left out",
    },
  },
  needs: { observations: ['rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    // Faults drop frames on purpose (a freeze, a cap, loss): only fault-free stretches are judged.
    const faults = faultWindows(observations);
    const perCamera = new Map<string, Tally>();
    for (const s of playedSpans(observations)) {
      if (s.user === undefined || !users.has(s.user)) continue;
      // By index: a long run has a sample per session per second.
      const c = s.counters;
      let prevAtMs = s.openMs;
      let prevSent = 0;
      let prevDropped = 0;
      let prevSkipped = 0;
      for (let i = 0; i < c.length; i++) {
        const atMs = c.atMs(i);
        const sent = c.framesSent(i);
        const dropped = c.framesDropped(i);
        const skippedSoFar = c.framesSkipped(i);
        if (!inAnyWindow(faults, s.camera, prevAtMs, atMs, run.endMs)) {
          let t = perCamera.get(s.camera);
          if (t === undefined) perCamera.set(s.camera, (t = { sent: 0, dropped: 0, skipped: 0 }));
          const skipped = skippedSoFar - prevSkipped;
          t.sent += sent - prevSent;
          t.dropped += dropped - prevDropped - skipped;
          t.skipped += skipped;
        }
        prevAtMs = atMs;
        prevSent = sent;
        prevDropped = dropped;
        prevSkipped = skippedSoFar;
      }
    }
    const skippedTotal = [...perCamera.values()].reduce((n, t) => n + t.skipped, 0);
    const slotsTotal = [...perCamera.values()].reduce((n, t) => n + t.sent + t.dropped + t.skipped, 0);
    const simulatorNote: Evidence[] =
      skippedTotal > 0
        ? [
            {
              text: `SIMULATOR OVERLOADED: the cameras' own clock ran late and skipped ${skippedTotal} frame slots (${((skippedTotal / slotsTotal) * 100).toFixed(2)}% of the schedule) — the simulator's shortfall, not charged to the hub; the hub was offered fewer frames than the scenario asked for`,
            },
          ]
        : [];
    const judged = [...perCamera.entries()].filter(([, t]) => t.sent + t.dropped >= minFramesJudged);
    if (judged.length === 0) {
      const skipNote = skippedTotal > 0 ? ` (the simulator skipped ${skippedTotal} frame slots of its own)` : '';
      return notExercised(`no camera sent ${minFramesJudged} frames to the hub outside injected faults${skipNote}`);
    }
    const ratioOf = (t: Tally) => t.sent / (t.sent + t.dropped);
    judged.sort((a, b) => ratioOf(a[1]) - ratioOf(b[1]));
    const [worstCamera, worstTally] = judged[0]!;
    const worst = ratioOf(worstTally);
    const skippedName = skippedTotal > 0 ? `; ${skippedTotal} slots the simulator skipped left out` : '';
    const measurement = {
      name: `worst per-camera share of frames delivered without drops${skippedName}`,
      value: Number(worst.toFixed(5)),
      unit: 'ratio' as const,
      threshold: params.minDeliveredRatio,
      op: '>=' as const,
    };
    const starved = judged.filter(([, t]) => ratioOf(t) < params.minDeliveredRatio);
    const evidence: Evidence[] = [
      ...simulatorNote,
      ...judged.map(([camera, t]) => ({
        camera,
        text: `${t.sent} frames sent, ${t.dropped} dropped at the camera's send queue (${(ratioOf(t) * 100).toFixed(2)}% delivered)${t.skipped > 0 ? `; ${t.skipped} slots skipped by the simulator, not counted` : ''}`,
      })),
    ];
    const simulatorTail =
      skippedTotal > 0 ? `; the simulator skipped ${skippedTotal} slots of its own (not charged)` : '';
    if (starved.length > 0)
      return failed(
        `${starved.length} of ${judged.length} cameras delivered under ${params.minDeliveredRatio * 100}% (worst ${worstCamera}: ${(worst * 100).toFixed(2)}%)${simulatorTail}`,
        measurement,
        evidence,
      );
    return passed(
      `all ${judged.length} cameras delivered at least ${params.minDeliveredRatio * 100}% (worst ${worstCamera}: ${(worst * 100).toFixed(2)}%)${simulatorTail}`,
      measurement,
      evidence,
    );
  },
};
