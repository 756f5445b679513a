import type { Requirement } from '../../requirement.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans } from '../../evidence/session-spans.ts';

/** Below this many frames a ratio says nothing. */
const minFramesJudged = 250;

export const cameraSideDelivery: Requirement<{ minDeliveredRatio: number }> = {
  id: 'HUB-LOAD-02',
  area: 'LOAD',
  title: 'Reads every stream fast enough that cameras need not drop frames',
  rationale: 'A hub that cannot keep up makes the cameras drop frames at their send queues; measured camera-side, for any hub, outside injected faults (which drop frames on purpose).',
  level: 'MUST',
  side: 'hub',
  params: { minDeliveredRatio: { default: 0.99, unit: 'ratio', stricter: 'higher', description: 'frames sent / (sent + dropped for backpressure), all hub sessions' } },
  needs: { observations: ['rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    // Faults drop frames on purpose (a freeze, a cap, loss): only fault-free stretches are judged.
    const faults = faultWindows(observations);
    let sent = 0;
    let dropped = 0;
    const perCamera = new Map<string, { sent: number; dropped: number }>();
    for (const s of playedSpans(observations)) {
      if (s.user === undefined || !users.has(s.user)) continue;
      let prev: [number, number, number, number] = [s.openMs, 0, 0, 0];
      for (const c of s.counters) {
        if (!inAnyWindow(faults, s.camera, prev[0], c[0], run.endMs)) {
          const cam = perCamera.get(s.camera) ?? { sent: 0, dropped: 0 };
          cam.sent += c[1] - prev[1];
          cam.dropped += c[3] - prev[3];
          perCamera.set(s.camera, cam);
          sent += c[1] - prev[1];
          dropped += c[3] - prev[3];
        }
        prev = c;
      }
    }
    if (sent + dropped < minFramesJudged) return notExercised(`fewer than ${minFramesJudged} frames went to the hub outside injected faults`);
    const ratio = sent / (sent + dropped);
    const measurement = { name: 'frames delivered without backpressure drops', value: Number(ratio.toFixed(5)), unit: 'ratio' as const, threshold: params.minDeliveredRatio, op: '>=' as const };
    const evidence = [...perCamera.entries()]
      .sort((a, b) => b[1].dropped - a[1].dropped)
      .map(([camera, c]) => ({ camera, text: `${c.sent} frames sent, ${c.dropped} dropped at the camera's send queue` }));
    const summary = `${sent} frames sent, ${dropped} dropped for backpressure (${(ratio * 100).toFixed(2)}% delivered)`;
    return ratio >= params.minDeliveredRatio ? passed(summary, measurement, evidence) : failed(summary, measurement, evidence);
  },
};
