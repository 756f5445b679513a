import type { Requirement } from '../../requirement.ts';
import { assignments } from '../../evidence/assignments.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { hubOfUser, userOfHub } from '../../evidence/hub-users.ts';
import { failed, notExercised, passed } from '../../evidence/outcomes.ts';
import { playedSpans } from '../../evidence/session-spans.ts';

/** Ends the camera caused (or the hub asked for) are not drops. */
const cameraSideReasons = new Set<string>(['teardown', 'camera-down', 'fault', 'readdress', 'credentials-changed', 'encoder-changed']);

/** A session ended by a fault (or by the camera going down) shortly after one is the fault's. */
const faultSettleMs = 5_000;

export const noSessionDrops: Requirement<{ maxDrops: number }> = {
  id: 'HUB-LOAD-01',
  area: 'LOAD',
  title: 'Streams held without drops',
  rationale: 'Under sustained load a hub must hold every stream; a session that ends with no fault and no release is a dropped camera.',
  level: 'MUST',
  side: 'hub',
  params: { maxDrops: { default: 0, unit: 'count', stricter: 'lower', description: 'hub sessions ended outside faults and releases' } },
  needs: { observations: ['rtsp.session.open', 'rtsp.session.close'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const spans = playedSpans(observations).filter((s) => s.user !== undefined && users.has(s.user));
    if (spans.length === 0) return notExercised('the hub played no stream');
    const faults = faultWindows(observations);
    const all = assignments(observations, run);
    const drops = spans.filter((s) => {
      // Sessions ended as the hub was shut down after the run are not drops.
      if (s.closeMs === undefined || s.closeMs >= run.endMs || s.closeReason === undefined || cameraSideReasons.has(s.closeReason)) return false;
      if (inAnyWindow(faults, s.camera, s.closeMs - faultSettleMs, s.closeMs, run.endMs)) return false;
      const hub = hubOfUser(run, s.user)!;
      return all.some((a) => a.hub === hub && a.camera === s.camera && a.fromMs <= s.closeMs! && (a.toMs === undefined || a.toMs > s.closeMs!));
    });
    const measurement = { name: 'sessions dropped outside faults', value: drops.length, unit: 'count' as const, threshold: params.maxDrops, op: '<=' as const };
    const evidence = drops.map((s) => ({ camera: s.camera, fromMs: s.playMs!, atMs: s.closeMs!, text: `session ${s.session} of ${s.user} ended (${s.closeReason}) with no fault or release` }));
    if (drops.length > params.maxDrops) return failed(`${drops.length} of ${spans.length} sessions dropped`, measurement, evidence);
    return passed(`${spans.length} sessions, ${drops.length} dropped`, measurement, [...evidence, ...spans.slice(0, 5).map((s) => ({ camera: s.camera, fromMs: s.playMs!, toMs: s.closeMs ?? run.endMs, text: `session ${s.session} of ${s.user} ${s.closeReason ?? 'held to the end'}` }))]);
  },
};
