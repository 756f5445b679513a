import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { faultWindows } from '../../evidence/fault-windows.ts';
import { rebootFaultKinds } from '../../evidence/fault-kinds.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { keptStretches, type KeptStretch } from '../../evidence/recorder-kept.ts';

export const gapsOnlyInOutages: Requirement<{ maxGapMs: number; graceMs: number; backfillWithinMs: number }> = {
  id: 'HUB-REC-01',
  area: 'RECORDING',
  title: 'Recording gaps only where outages were injected and nothing on site kept the interval',
  rationale:
    'Evidence must be continuous: any hole in a recording must be explained by the camera being unavailable. ' +
    'Where the camera’s edge storage or the site recorder kept the interval (a link outage), the camera was not unavailable to the hub for long: the hole is the hub’s to fill.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxGapMs: {
      default: 10_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'a hole in the recording longer than this is a gap',
    },
    graceMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'after a fault clears, recording may take this long to resume',
    },
    backfillWithinMs: {
      default: 600_000,
      unit: 'ms',
      stricter: 'lower',
      description:
        'after an outage ends, a hole where a recorder on site kept the interval is the hub’s from this long on (as HUB-REC-02)',
    },
  },
  needs: { observations: ['hub.recording', 'recorder.tracks'], capabilities: ['recordings'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    // Outages and reboots explain a gap, stretched by the time recording may take to resume.
    const outages = faultWindows(observations)
      .filter((w) => w.mode !== undefined || rebootFaultKinds.includes(w.fault))
      .map((w) => ({
        cameras: w.cameras,
        fromMs: w.fromMs,
        endedMs: w.toMs,
        toMs: (w.toMs ?? run.endMs) + params.graceMs,
      }));
    /**
     * What a recorder on site kept of a hole while an outage of the camera was on, once backfill is
     * due for that outage: that much of the hole was never out of the hub's reach.
     */
    const keptInHole = (camera: string, from: number, to: number): KeptStretch[] =>
      outages
        .filter(
          (w) =>
            w.cameras.includes(camera) && w.endedMs !== undefined && w.endedMs + params.backfillWithinMs <= run.endMs,
        )
        .flatMap((w) =>
          keptStretches(observations, camera, Math.max(from, w.fromMs), Math.min(to, w.endedMs!), w.endedMs!),
        );
    const byKey = new Map<string, [number, number][]>();
    for (const o of observations) {
      if (o.kind !== 'hub.recording') continue;
      const key = `${o.hub}\n${o.camera}`;
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [[o.startMs, o.endMs]]);
      else list.push([o.startMs, o.endMs]);
    }
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const a of assignments(observations, run)) {
      const key = `${a.hub}\n${a.camera}`;
      const intervals = (byKey.get(key) ?? []).sort((x, y) => x[0] - y[0]);
      const base = { camera: a.camera, hub: a.hub };
      if (intervals.length === 0) {
        const span = (a.toMs ?? run.endMs) - a.fromMs;
        if (span > params.graceMs) misses.push({ ...base, fromMs: a.fromMs, text: 'nothing recorded for the camera' });
        if (span > params.graceMs) worst = Math.max(worst, span);
        continue;
      }
      // Judged from the first recording (start-up is STREAM's business) to the assignment's end.
      const untilMs = (a.toMs ?? run.endMs) - params.maxGapMs;
      let cursor = intervals[0]![0];
      const holes: [number, number][] = [];
      for (const [s, e] of intervals) {
        if (s > cursor) holes.push([cursor, s]);
        cursor = Math.max(cursor, e);
      }
      if (untilMs > cursor) holes.push([cursor, untilMs]);
      let unexplained = 0;
      for (const [from, to] of holes) {
        if (to - from <= params.maxGapMs) continue;
        if (!outages.some((w) => w.cameras.includes(a.camera) && w.fromMs <= from + params.maxGapMs && w.toMs >= to)) {
          unexplained++;
          worst = Math.max(worst, to - from);
          misses.push({
            ...base,
            fromMs: from,
            toMs: to,
            text: `recording gap of ${formatMs(to - from)} with no outage to explain it`,
          });
          continue;
        }
        const kept = keptInHole(a.camera, from, to).filter((k) => k.toMs - k.fromMs > params.maxGapMs);
        if (kept.length === 0) continue;
        unexplained++;
        const longest = Math.max(...kept.map((k) => k.toMs - k.fromMs));
        worst = Math.max(worst, longest);
        misses.push({
          ...base,
          fromMs: from,
          toMs: to,
          text: `recording gap of ${formatMs(to - from)} in an outage, ${formatMs(longest)} of which ${kept
            .flatMap((k) => k.recorders)
            .filter((r, i, all) => all.indexOf(r) === i)
            .join(', ')} kept and the hub never filled`,
        });
      }
      if (unexplained === 0)
        ok.push({
          ...base,
          fromMs: intervals[0]![0],
          toMs: cursor,
          text: `${intervals.length} recording segment(s); ${holes.length} gap(s), all within outages where nothing on site kept the interval`,
        });
    }
    if (ok.length + misses.length === 0) return notExercised('no camera was assigned to a hub long enough to record');
    const measurement = {
      name: 'longest unexplained recording gap',
      value: worst,
      unit: 'ms' as const,
      threshold: params.maxGapMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(`${misses.length} unexplained recording gap(s)`, measurement, misses.concat(ok));
    return passed(`recordings of ${ok.length} cameras have gaps only inside outages`, measurement, ok);
  },
};
