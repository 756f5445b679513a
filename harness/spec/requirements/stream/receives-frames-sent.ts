import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { egressByCamera, unstampedReason } from '../../evidence/egress.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
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
  rationale:
    'Frames lost inside the hub are evidence lost. Each camera is judged over the whole time it was provisioned: unique SEI-stamped frames read at the hub egress against the frames the camera sent to that hub. A restream that stops, or never exists, counts as frames lost.',
  level: 'MUST',
  side: 'hub',
  params: {
    minFrameRatio: {
      default: 0.95,
      unit: 'ratio',
      stricter: 'higher',
      description:
        'unique frames read at the egress / frames the camera sent to the hub, per camera over its provisioned time',
    },
  },
  needs: { observations: ['hub.egress', 'rtsp.session.stats'], capabilities: ['egress'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const egress = egressByCamera(observations);
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    const untraceable: Evidence[] = [];
    let unstampedTotal = 0;
    let worst = 1;
    for (const a of assignments(observations, run)) {
      const toMs = a.toMs ?? run.endMs;
      const list = (egress.get(`${a.hub}\n${a.camera}`) ?? []).filter((o) => o.atMs > a.fromMs && o.atMs <= toMs);
      const received = list.reduce((n, o) => n + o.frames, 0);
      const unstamped = list.reduce((n, o) => n + o.unstampedFrames, 0);
      // Frames reach the egress a latency after the camera sent them: shift the send window.
      const shift = median(list.flatMap((o) => o.latencyMs));
      const spans = playedSpans(observations, userOfHub(run, a.hub)).filter((s) => s.camera === a.camera);
      const sent = spans.reduce((n, s) => n + framesSentAt(s, toMs - shift) - framesSentAt(s, a.fromMs - shift), 0);
      if (sent < minFramesJudged) continue;
      const ratio = Math.min(1, received / sent);
      const base = { camera: a.camera, hub: a.hub, fromMs: a.fromMs, toMs };
      const silent = list.length === 0 ? ' (the egress reader recorded nothing: no restream)' : '';
      // Even counting every untraceable picture as delivered, too few arrived: that is a miss either way.
      if (Math.min(1, (received + unstamped) / sent) < params.minFrameRatio) {
        worst = Math.min(worst, ratio);
        misses.push({
          ...base,
          text: `${received} of ${sent} frames reached the egress over ${formatMs(toMs - a.fromMs)} provisioned (${(ratio * 100).toFixed(1)}%)${unstamped > 0 ? `, plus ${unstamped} without a stamp` : ''}${silent}`,
        });
      } else if (unstamped > 0) {
        unstampedTotal += unstamped;
        untraceable.push({ ...base, text: `${unstamped} of the pictures at the egress carried no camlab stamp` });
      } else {
        worst = Math.min(worst, ratio);
        (ratio < params.minFrameRatio ? misses : ok).push({
          ...base,
          text: `${received} of ${sent} frames reached the egress (${(ratio * 100).toFixed(1)}%)`,
        });
      }
    }
    const judged = ok.length + misses.length;
    const measurement = {
      name: 'worst per-camera frame ratio at the egress over its provisioned time',
      value: Number(worst.toFixed(4)),
      unit: 'ratio' as const,
      threshold: params.minFrameRatio,
      op: '>=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} of ${judged + untraceable.length} cameras delivered fewer than ${params.minFrameRatio * 100}% of frames`,
        measurement,
        [...misses, ...untraceable, ...ok],
      );
    if (untraceable.length > 0) return notExercised(unstampedReason({ frames: unstampedTotal, cameras: untraceable }));
    if (judged === 0) return notExercised(`no camera was sent ${minFramesJudged} frames by a hub with an egress`);
    return passed(
      `all ${ok.length} cameras delivered at least ${params.minFrameRatio * 100}% of frames`,
      measurement,
      ok,
    );
  },
};
