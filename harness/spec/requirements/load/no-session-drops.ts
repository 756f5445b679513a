import type { Evidence, Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { sessionStretches } from '../../evidence/frames-taken.ts';
import { hubOfUser, userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans, type SessionSpan } from '../../evidence/session-spans.ts';

/** Ends the camera caused are not the hub's drops. */
const cameraSideReasons = new Set<string>([
  'camera-down',
  'fault',
  'readdress',
  'credentials-changed',
  'encoder-changed',
]);

/** A session ended by a fault (or by the camera going down) shortly after one is the fault's. */
const faultSettleMs = 5_000;
/** A hub that ends a session and takes the camera's frames again within this is reconnecting (or switching profile), not dropping. */
const replacedWithinMs = 5_000;
/** A session whose reader stops reading for longer than this is a dropped stream with its socket still open. */
const stallMs = 5_000;

export const noSessionDrops: Requirement<{ maxDrops: number }> = {
  id: 'HUB-LOAD-01',
  area: 'LOAD',
  title: 'Streams held without drops',
  rationale:
    'Under sustained load a hub must hold every stream. A stream is dropped when the hub ends it (or lets it time out) outside faults and releases without taking the camera again at once, or when it stops reading a session it keeps open.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxDrops: {
      default: 0,
      unit: 'count',
      stricter: 'lower',
      description: 'hub streams ended or stalled outside faults and releases',
    },
  },
  needs: { observations: ['rtsp.session.open', 'rtsp.session.close', 'rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const spans = playedSpans(observations).filter((s) => s.user !== undefined && users.has(s.user));
    if (spans.length === 0) return notExercised('the hub played no stream');
    const faults = faultWindows(observations);
    const all = assignments(observations, run);
    const assigned = (s: SessionSpan, atMs: number) => {
      const hub = hubOfUser(run, s.user)!;
      return all.some(
        (a) => a.hub === hub && a.camera === s.camera && a.fromMs <= atMs && (a.toMs === undefined || a.toMs > atMs),
      );
    };
    const evidence: Evidence[] = [];
    for (const s of spans) {
      const base = { camera: s.camera, fromMs: s.playMs! };
      const stall = (sessionStretches(observations).get(s) ?? []).filter((x) => x.state === 'stalled');
      const long = stall.find((x, i) => {
        // Consecutive stalled samples make one stall.
        let end = x.toMs;
        for (let j = i + 1; j < stall.length && stall[j]!.fromMs === end; j++) end = stall[j]!.toMs;
        return (
          end - x.fromMs > stallMs &&
          !inAnyWindow(faults, s.camera, x.fromMs - faultSettleMs, end, run.endMs) &&
          assigned(s, x.fromMs)
        );
      });
      if (long !== undefined) {
        evidence.push({
          ...base,
          atMs: long.fromMs,
          text: `session ${s.session} of ${s.user}: the hub stopped reading it (the camera dropped frames for a full queue for over ${formatMs(stallMs)})`,
        });
        continue;
      }
      // Sessions ended as the hub was shut down after the run are not drops.
      if (
        s.closeMs === undefined ||
        s.closeMs >= run.endMs ||
        s.closeReason === undefined ||
        cameraSideReasons.has(s.closeReason)
      )
        continue;
      if (inAnyWindow(faults, s.camera, s.closeMs - faultSettleMs, s.closeMs, run.endMs) || !assigned(s, s.closeMs))
        continue;
      if (run.endMs - s.closeMs < replacedWithinMs) continue;
      const closeMs = s.closeMs;
      const replaced = [...sessionStretches(observations)].some(
        ([other, stretches]) =>
          other !== s &&
          other.camera === s.camera &&
          other.user === s.user &&
          stretches.some((x) => x.state === 'taking' && x.toMs > closeMs && x.fromMs <= closeMs + replacedWithinMs),
      );
      if (replaced) continue;
      evidence.push({
        ...base,
        atMs: s.closeMs,
        text: `session ${s.session} of ${s.user} ended (${s.closeReason}) with no fault or release, and the hub did not take the camera again within ${formatMs(replacedWithinMs)}`,
      });
    }
    const measurement = {
      name: 'streams dropped or stalled outside faults',
      value: evidence.length,
      unit: 'count' as const,
      threshold: params.maxDrops,
      op: '<=' as const,
    };
    if (evidence.length > params.maxDrops)
      return failed(`${evidence.length} of ${spans.length} sessions dropped or stalled`, measurement, evidence);
    return passed(`${spans.length} sessions, ${evidence.length} dropped`, measurement, [
      ...evidence,
      ...spans.slice(0, 5).map((s) => ({
        camera: s.camera,
        fromMs: s.playMs!,
        toMs: s.closeMs ?? run.endMs,
        text: `session ${s.session} of ${s.user} ${s.closeReason ?? 'held to the end'}`,
      })),
    ]);
  },
};
