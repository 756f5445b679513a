import type { Observation } from '../../../simulators/observations/observation.ts';
import type { CheckContext, CheckOutcome, Evidence } from '../requirement.ts';
import type { FaultWindow } from '../evidence/fault-windows.ts';
import { hubsMonitoring } from '../evidence/assignments.ts';
import { hubOfUser } from '../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../evidence/outcomes.ts';

/**
 * A challenge this soon after its fault window still belongs to it (a nonce the camera expired
 * at the window's end). Fixed, not the bound: a tighter bound must not judge fewer challenges.
 */
const windowSlackMs = 5_000;

interface Answer {
  camera: string;
  atMs: number;
  protocol: 'RTSP' | 'ONVIF';
  status: number;
  user?: string;
  digest: boolean;
  label: string;
}

function answers(observations: readonly Observation[]): Answer[] {
  return observations.flatMap((o): Answer[] => {
    if (o.kind === 'rtsp.request')
      return [
        {
          camera: o.camera,
          atMs: o.atMs,
          protocol: 'RTSP',
          status: o.status,
          digest: o.auth === 'digest' || o.auth === 'http-digest',
          label: `RTSP ${o.method}`,
          ...(o.user !== undefined ? { user: o.user } : {}),
        },
      ];
    if (o.kind === 'onvif.request')
      return [
        {
          camera: o.camera,
          atMs: o.atMs,
          protocol: 'ONVIF',
          status: o.httpStatus,
          digest: o.auth === 'digest' || o.auth === 'http-digest',
          label: `ONVIF ${o.operation}`,
          ...(o.user !== undefined ? { user: o.user } : {}),
        },
      ];
    return [];
  });
}

/**
 * Every 401 a camera answered to a hub that was meant to monitor it is followed, within
 * `retryWithinMs`, by a digest-authenticated success of the same protocol on that camera.
 * `within` restricts the judged challenges to those windows (stale-nonce faults); `excluded`
 * leaves out windows where a 401 is the right answer (credentials being changed).
 */
export function judgeChallenges(
  ctx: CheckContext<{ retryWithinMs: number }>,
  what: string,
  within: readonly FaultWindow[] | undefined,
  excluded: readonly FaultWindow[],
): CheckOutcome {
  const { observations, params, run } = ctx;
  const bound = params.retryWithinMs;
  const all = answers(observations);
  const covers = (ws: readonly FaultWindow[], a: Answer, slackMs: number) =>
    ws.some((w) => w.cameras.includes(a.camera) && a.atMs >= w.fromMs && a.atMs <= (w.toMs ?? run.endMs) + slackMs);
  const ok: Evidence[] = [];
  const misses: Evidence[] = [];
  let worst = 0;
  for (const a of all) {
    if (a.status !== 401 || run.endMs - a.atMs < bound) continue;
    if (within !== undefined && !covers(within, a, windowSlackMs)) continue;
    if (covers(excluded, a, 0)) continue;
    const monitoring = hubsMonitoring(observations, run, a.camera, a.atMs);
    const hub = hubOfUser(run, a.user);
    // A named user that is no hub's (a person, a probe) is not the hub's to answer for.
    if (a.user !== undefined && hub === undefined) continue;
    if (monitoring.length === 0 || (hub !== undefined && !monitoring.includes(hub))) continue;
    const next = all.find(
      (b) =>
        b.camera === a.camera &&
        b.protocol === a.protocol &&
        b.atMs >= a.atMs &&
        b.digest &&
        b.status >= 200 &&
        b.status < 300 &&
        (a.user === undefined || b.user === a.user),
    );
    const delay = next === undefined ? run.endMs - a.atMs : next.atMs - a.atMs;
    worst = Math.max(worst, delay);
    const e = {
      camera: a.camera,
      atMs: a.atMs,
      ...(hub ? { hub } : {}),
      text: next
        ? `${a.label} challenged with 401; authenticated ${next.label} succeeded ${formatMs(delay)} later`
        : `${a.label} challenged with 401; no authenticated success followed`,
    };
    (next === undefined || delay > bound ? misses : ok).push(e);
  }
  if (ok.length + misses.length === 0) return notExercised(`no ${what} was answered to a hub during the run`);
  const measurement = {
    name: `worst time from a ${what} to an authenticated success`,
    value: worst,
    unit: 'ms' as const,
    threshold: bound,
    op: '<=' as const,
  };
  if (misses.length > 0)
    return failed(
      `${misses.length} of ${ok.length + misses.length} ${what}s were not answered with digest within ${formatMs(bound)}`,
      measurement,
      [...misses, ...ok],
    );
  return passed(`all ${ok.length} ${what}s were answered with digest within ${formatMs(bound)}`, measurement, ok);
}
